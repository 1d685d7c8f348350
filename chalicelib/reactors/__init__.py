"""Stream consumers: item changes become domain events, and reactors act on them."""
