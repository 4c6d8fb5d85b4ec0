"""HTTP layer: function views per resource, each dispatching on the request method."""
