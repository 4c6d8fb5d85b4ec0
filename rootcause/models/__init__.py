"""Models shipped with the package (skops files; see ``rootcause.learn.persist``)."""
