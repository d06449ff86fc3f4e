namespace GpuSpectral.Cli;

/// <summary>Process exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>An unexpected internal error (a bug): the message says so.</summary>
    public const int InternalError = 1;

    /// <summary>Bad input: a malformed or missing checkpoint, invalid options.</summary>
    public const int BadInput = 2;

    /// <summary>Interrupted (Ctrl-C).</summary>
    public const int Cancelled = 130;
}
