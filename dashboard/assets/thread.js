// The thread page (dashboard/pages/thread.py): after each page of the tree is drawn, the URL
// takes the page's choices without a reload, each move a new history entry (pushState fires no event,
// so Dash does not draw the page again; Back and Forward do fire one, and Dash draws the page
// from the address it returns to, which holds every choice), and the comment a jump or search
// moved to scrolls into view.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    thread: {
        follow: function(tree, search, state, last) {
            if (typeof search === "string" && search !== window.location.search) {
                // The page's first drawing only corrects the address it came from (a page past
                // the last): no new entry, or Back would land on the address corrected again.
                const fresh = last === undefined || last === null;
                const write = fresh ? window.history.replaceState : window.history.pushState;
                write.call(window.history, window.history.state, "", window.location.pathname + search);
            }
            // The search bar sticks under the header (when the header sticks): how much of the top they cover.
            const header = document.querySelector(".app-header");
            const bar = document.querySelector(".thread-find");
            const top = header && getComputedStyle(header).position === "sticky" ? header.offsetHeight : 0;
            const covered = top + (bar ? bar.offsetHeight : 0);
            document.documentElement.style.setProperty("--thread-top", top + "px");
            document.documentElement.style.setProperty("--thread-covered", covered + "px");
            const key = state ? state.page + "|" + (state.focus || "") : "";
            if (key === last) { return window.dash_clientside.no_update; }
            const first = last === undefined || last === null;
            window.requestAnimationFrame(function() {
                const card = document.querySelector("#thread-tree .comment-card.focused");
                const target = card || (first ? null : document.querySelector(".thread-pager"));
                if (!target) { return; }
                const box = target.getBoundingClientRect();
                if (box.top < covered || box.bottom > window.innerHeight) {
                    target.scrollIntoView({block: card ? "center" : "start"});
                }
            });
            return key;
        }
    }
});
