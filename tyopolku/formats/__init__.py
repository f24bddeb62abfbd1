"""Date formats per UI language (settings.FORMAT_MODULE_PATH). Django reads these first and
falls back to its own locale formats for everything not set here (numbers: a decimal comma
in Finnish and Swedish)."""
