"""The pages; each module holds register_page, layout and register_callbacks."""
