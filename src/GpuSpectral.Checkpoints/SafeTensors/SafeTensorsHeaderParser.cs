using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using GpuSpectral.Checkpoints.Decoding;
using GpuSpectral.Core.Errors;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.SafeTensors;

/// <summary>One tensor entry of a safetensors header, before layout validation.</summary>
/// <param name="Name">Tensor name (JSON key).</param>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Dimensions, each ≥ 0; rank ≤ 8.</param>
/// <param name="Begin">First byte, relative to the start of the byte buffer.</param>
/// <param name="End">One past the last byte, relative to the start of the byte buffer; ≥ Begin.</param>
internal sealed record SafeTensorsEntry(string Name, DType DType, long[] Shape, long Begin, long End);

/// <summary>
/// Parses the JSON header of a safetensors file with <see cref="Utf8JsonReader"/> (never a DOM, so duplicate keys
/// are seen and rejected). Checks the syntax and the per-entry rules; layout rules are checked by
/// <see cref="SafeTensorsLayout"/>.
/// </summary>
internal static class SafeTensorsHeaderParser
{
    private const string MetadataKey = "__metadata__";

    /// <summary>Parses <paramref name="header"/>; entries come in header order.</summary>
    /// <param name="header">The N header bytes.</param>
    /// <param name="path">File path for messages.</param>
    /// <exception cref="CheckpointFormatException">Any violation.</exception>
    public static List<SafeTensorsEntry> Parse(ReadOnlySpan<byte> header, string path)
    {
        if (!Utf8.IsValid(header))
        {
            throw new CheckpointFormatException(path, "header is not valid UTF-8", offset: 8);
        }

        var reader = new Utf8JsonReader(header, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            return ParseRoot(ref reader, path);
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException(
                path, "header is not valid JSON: " + OneLine(e.Message), offset: 8 + reader.TokenStartIndex, inner: e);
        }
        catch (InvalidOperationException e)
        {
            throw new CheckpointFormatException(
                path, "header holds an invalid JSON string: " + OneLine(e.Message), offset: 8, inner: e);
        }
    }

    private static List<SafeTensorsEntry> ParseRoot(ref Utf8JsonReader reader, string path)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new CheckpointFormatException(path, "header is not a JSON object", offset: 8);
        }

        var entries = new List<SafeTensorsEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            Next(ref reader, path);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            var name = reader.GetString()!;
            if (!seen.Add(name))
            {
                throw new CheckpointFormatException(path, "duplicate key in header", name);
            }

            Next(ref reader, path);
            if (name == MetadataKey)
            {
                ParseMetadata(ref reader, path);
            }
            else
            {
                entries.Add(ParseEntry(ref reader, path, name));
            }
        }

        // Anything after the root object (other than whitespace) makes the reader throw here.
        if (reader.Read())
        {
            throw new CheckpointFormatException(path, "data after the header's JSON object", offset: 8);
        }

        return entries;
    }

    private static void ParseMetadata(ref Utf8JsonReader reader, string path)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new CheckpointFormatException(path, "__metadata__ must be an object of strings", MetadataKey);
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            Next(ref reader, path);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return;
            }

            var key = reader.GetString()!;
            if (!keys.Add(key))
            {
                throw new CheckpointFormatException(path, $"duplicate __metadata__ key '{key}'", MetadataKey);
            }

            Next(ref reader, path);
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new CheckpointFormatException(
                    path, $"__metadata__ value of '{key}' is not a string", MetadataKey);
            }
        }
    }

    private static SafeTensorsEntry ParseEntry(ref Utf8JsonReader reader, string path, string name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new CheckpointFormatException(path, "entry is not an object", name);
        }

        DType? dtype = null;
        long[]? shape = null;
        long[]? offsets = null;
        while (true)
        {
            Next(ref reader, path);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            var field = reader.GetString()!;
            Next(ref reader, path);
            switch (field)
            {
                case "dtype" when dtype is null:
                    dtype = ParseDType(ref reader, path, name);
                    break;
                case "shape" when shape is null:
                    shape = ParseIntegers(ref reader, path, name, "shape", TensorSizes.MaxRank);
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ParseIntegers(ref reader, path, name, "data_offsets", 2);
                    break;
                case "dtype" or "shape" or "data_offsets":
                    throw new CheckpointFormatException(path, $"duplicate field '{field}'", name);
                default:
                    throw new CheckpointFormatException(
                        path, $"unexpected field '{field}' (allowed: dtype, shape, data_offsets)", name);
            }
        }

        if (dtype is null || shape is null || offsets is null)
        {
            var missing = dtype is null ? "dtype" : shape is null ? "shape" : "data_offsets";
            throw new CheckpointFormatException(path, $"missing field '{missing}'", name);
        }

        if (offsets.Length != 2)
        {
            throw new CheckpointFormatException(path, "data_offsets must hold exactly two integers", name);
        }

        if (offsets[0] > offsets[1])
        {
            throw new CheckpointFormatException(
                path, $"data_offsets begin {offsets[0]} is after end {offsets[1]}", name);
        }

        return new SafeTensorsEntry(name, dtype.Value, shape, offsets[0], offsets[1]);
    }

    private static DType ParseDType(ref Utf8JsonReader reader, string path, string name)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new CheckpointFormatException(path, "dtype is not a string", name);
        }

        var text = reader.GetString()!;
        return text switch
        {
            "F64" => DType.F64,
            "F32" => DType.F32,
            "F16" => DType.F16,
            "BF16" => DType.BF16,
            "F8_E4M3" => DType.F8E4M3,
            "F8_E5M2" => DType.F8E5M2,
            "I8" => DType.I8,
            "U8" => DType.U8,
            "I16" => DType.I16,
            "U16" => DType.U16,
            "I32" => DType.I32,
            "U32" => DType.U32,
            "I64" => DType.I64,
            "U64" => DType.U64,
            "BOOL" => DType.Bool,
            _ => throw new CheckpointFormatException(
                path,
                $"unsupported dtype '{Printable(text)}' (supported: F64, F32, F16, BF16, F8_E4M3, F8_E5M2, "
                + "I8, U8, I16, U16, I32, U32, I64, U64, BOOL)",
                name),
        };
    }

    private static long[] ParseIntegers(ref Utf8JsonReader reader, string path, string name, string field, int max)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new CheckpointFormatException(path, $"{field} is not an array", name);
        }

        var values = new List<long>();
        while (true)
        {
            Next(ref reader, path);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return [.. values];
            }

            if (values.Count == max)
            {
                throw new CheckpointFormatException(
                    path,
                    field == "shape" ? $"rank above {max} is not supported" : $"{field} has more than {max} entries",
                    name);
            }

            if (reader.TokenType != JsonTokenType.Number || !IsPlainInteger(reader.ValueSpan)
                || !reader.TryGetInt64(out var v) || v < 0)
            {
                throw new CheckpointFormatException(
                    path, $"{field} entries must be non-negative integers below 2^63", name);
            }

            values.Add(v);
        }
    }

    private static bool IsPlainInteger(ReadOnlySpan<byte> token)
    {
        foreach (var b in token)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return token.Length > 0;
    }

    private static void Next(ref Utf8JsonReader reader, string path)
    {
        if (!reader.Read())
        {
            throw new CheckpointFormatException(path, "header JSON ends early", offset: 8 + reader.BytesConsumed);
        }
    }

    private static string OneLine(string s) => s.Replace('\n', ' ').Replace('\r', ' ');

    private static string Printable(string s)
    {
        var sb = new StringBuilder();
        foreach (var c in s.Length > 40 ? s[..40] : s)
        {
            sb.Append(char.IsControl(c) ? '?' : c);
        }

        return sb.ToString();
    }
}
