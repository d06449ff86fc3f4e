namespace GpuSpectral.Lsa.Text;

/// <summary>
/// An LSA input (a TSV corpus, a folder of text files or a Matrix Market file) cannot be read. The message is one
/// line that names the file, the line (or document) when there is one, and the reason, e.g.
/// <c>docs.tsv: line 7: no TAB separator</c>.
/// </summary>
public sealed class LsaInputException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public LsaInputException()
        : base("invalid LSA input")
    {
    }

    /// <summary>Creates the exception with a one-line message.</summary>
    public LsaInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line message and its cause.</summary>
    public LsaInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Builds the message <c>{path}: line {line}: {reason}</c>.</summary>
    internal static LsaInputException AtLine(string path, long line, string reason) => new($"{path}: line {line}: {reason}");

    /// <summary>Builds the message <c>{path}: {reason}</c>.</summary>
    internal static LsaInputException InFile(string path, string reason) => new($"{path}: {reason}");
}
