"""Shell completion for PowerShell, the shell of the Windows PCs most offices use.

Click completes in bash, zsh and fish; this adds PowerShell in the same way:
the script that ``planforge completion powershell`` prints registers a
completer that runs ``planforge`` with ``_PLANFORGE_COMPLETE=
powershell_complete`` and the command line in ``_PLANFORGE_COMPLETE_ARGS``,
and turns each answer line (value, tab, help) into a completion result.  For
a file or a folder it answers nothing, so PowerShell completes paths itself.
"""
from __future__ import annotations

import os

from click.shell_completion import CompletionItem, ShellComplete, add_completion_class, split_arg_string

_SCRIPT = """\
Register-ArgumentCompleter -Native -CommandName %(prog_name)s -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $Env:%(complete_var)s = "powershell_complete"
    $Env:%(complete_var)s_ARGS = $commandAst.ToString()
    $Env:%(complete_var)s_WORD = $wordToComplete
    try {
        %(prog_name)s | Where-Object { $_ } | ForEach-Object {
            $value, $help = $_ -split "`t", 2
            if (-not $help) { $help = $value }
            [System.Management.Automation.CompletionResult]::new($value, $value, 'ParameterValue', $help)
        }
    } finally {
        Remove-Item Env:%(complete_var)s, Env:%(complete_var)s_ARGS, Env:%(complete_var)s_WORD -ErrorAction SilentlyContinue
    }
}
"""


class PowerShellComplete(ShellComplete):
    """Click's completion protocol spoken by a PowerShell ``Register-ArgumentCompleter`` script."""

    name = "powershell"
    source_template = _SCRIPT

    def get_completion_args(self) -> tuple[list[str], str]:
        words = split_arg_string(os.environ.get(f"{self.complete_var}_ARGS", ""))
        incomplete = os.environ.get(f"{self.complete_var}_WORD", "")
        args = words[1:-1] if incomplete and words and words[-1] == incomplete else words[1:]
        return args, incomplete

    def format_completion(self, item: CompletionItem) -> str:
        if item.type in ("file", "dir"):
            return ""  # PowerShell's own path completion does it better
        return f"{item.value}\t{item.help or ''}"


def install() -> None:
    """Let ``planforge completion powershell`` and the completer script find ``PowerShellComplete``."""
    add_completion_class(PowerShellComplete)
