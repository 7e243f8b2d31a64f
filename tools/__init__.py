"""Development tooling (not part of the installed package): generators and scorers."""
