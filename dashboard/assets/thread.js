// The thread page (dashboard/pages/thread.py): after each page of the tree is drawn, the URL
// takes the page's choices without a reload (replaceState: a change of Dash's own location
// would draw the whole page again), and the comment a jump or search moved to scrolls into view.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    thread: {
        follow: function(tree, search, state, last) {
            if (typeof search === "string" && search !== window.location.search) {
                window.history.replaceState(window.history.state, "", window.location.pathname + search);
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
