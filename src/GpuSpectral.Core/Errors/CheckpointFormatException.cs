namespace GpuSpectral.Core.Errors;

/// <summary>
/// A checkpoint file is malformed, unsupported or unsafe to read. The only exception type that readers throw for
/// bad input (an <see cref="IOException"/>, since <see cref="InvalidDataException"/> is sealed). The message is one line that names the file, the tensor (when known), the byte offset (when known)
/// and the reason.
/// </summary>
public class CheckpointFormatException : IOException
{
    /// <summary>Creates an exception for <paramref name="filePath"/>.</summary>
    /// <param name="filePath">File (or folder) being read.</param>
    /// <param name="reason">What is wrong, in plain words.</param>
    /// <param name="tensorName">Tensor concerned, or null.</param>
    /// <param name="offset">Byte offset in the file where the problem was found, or null.</param>
    /// <param name="inner">Underlying exception, or null.</param>
    public CheckpointFormatException(
        string filePath, string reason, string? tensorName = null, long? offset = null, Exception? inner = null)
        : base(Compose(filePath, reason, tensorName, offset), inner)
    {
        FilePath = filePath;
        Reason = reason;
        TensorName = tensorName;
        Offset = offset;
    }

    /// <summary>File (or folder) being read.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong, without the location prefix.</summary>
    public string Reason { get; }

    /// <summary>Tensor concerned, or null when the problem is not specific to one tensor.</summary>
    public string? TensorName { get; }

    /// <summary>Byte offset in the file, or null when unknown.</summary>
    public long? Offset { get; }

    private static string Compose(string filePath, string reason, string? tensorName, long? offset)
    {
        var where = filePath;
        if (tensorName is not null)
        {
            where += $": tensor '{tensorName}'";
        }

        if (offset is not null)
        {
            where += $" (byte offset {offset.Value})";
        }

        return OneLine($"{where}: {reason}");
    }

    /// <summary>Escapes control characters (names come from untrusted files) so the message stays one line.</summary>
    private static string OneLine(string message)
    {
        if (!message.Any(char.IsControl))
        {
            return message;
        }

        var sb = new System.Text.StringBuilder(message.Length + 8);
        foreach (var c in message)
        {
            _ = c switch
            {
                '\n' => sb.Append("\\n"),
                '\r' => sb.Append("\\r"),
                '\t' => sb.Append("\\t"),
                _ when char.IsControl(c) => sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => sb.Append(c),
            };
        }

        return sb.ToString();
    }
}
