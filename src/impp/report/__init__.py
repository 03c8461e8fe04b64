"""The planning package: the HTML report and the documents planners hand on."""
