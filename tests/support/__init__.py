"""Stand-ins for services the tests talk to over the network, bound to 127.0.0.1."""
