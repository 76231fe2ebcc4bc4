"""`commlint lsp`: a language server over stdio (pygls), for editors."""
