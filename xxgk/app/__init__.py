"""The application layer: what a command, a scheduler or a test calls.

Plain functions over typed inputs (`SiteSpec`) returning typed results (`AuditResult`).
It orchestrates the stages (crawler → rules → reports) and owns the exit-code mapping;
the click commands in `xxgk.cli` only parse options, call it, print and exit. The shared
core (`xxgk.storage`, `xxgk.dates`, `xxgk.text`, `xxgk.urls`, `xxgk.vocabulary`) never
imports this package, the CLI, nor any stage.
"""
