using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace GpuSpectral.Checkpoints.Gguf;

/// <summary>
/// Reads (mostly skips) the metadata key/value section of a GGUF header. Scalar values are kept as invariant
/// strings; arrays (tokenizer vocabularies and merges) are walked and bounds-checked but never materialised.
/// </summary>
internal static class GgufMetadataParser
{
    /// <summary>Longest accepted string (keys, values, array elements), in bytes.</summary>
    public const long MaxStringBytes = 16 << 20;

    /// <summary>Longest accepted key, in bytes (ggml's documented limit).</summary>
    public const long MaxKeyBytes = 65_535;

    /// <summary>Longest string value kept in <see cref="GgufReader.Metadata"/>; longer ones are skipped.</summary>
    public const int MaxKeptStringBytes = 64 << 10;

    /// <summary>Most elements in one array (ggml's limit is 2^30 too).</summary>
    public const ulong MaxArrayCount = 1UL << 30;

    /// <summary>Deepest accepted nesting of arrays inside arrays.</summary>
    public const int MaxArrayDepth = 64;

    /// <summary>Smallest possible key/value record: key length, one key byte, value type, one value byte.</summary>
    public const long MinKvBytes = 8 + 1 + 4 + 1;

    private const uint TypeU32 = 4;
    private const uint TypeBool = 7;
    private const uint TypeString = 8;
    private const uint TypeArray = 9;

    /// <summary>Size of a value of <paramref name="type"/>, or the minimum size for strings and arrays.</summary>
    private static long MinSize(uint type) => type switch
    {
        0 or 1 or 7 => 1,
        2 or 3 => 2,
        4 or 5 or 6 => 4,
        8 or 10 or 11 or 12 => 8,
        9 => 12,
        _ => -1,
    };

    private static bool IsFixed(uint type) => type is not (TypeString or TypeArray);

    private static string TypeName(uint type) => type switch
    {
        0 => "u8",
        1 => "i8",
        2 => "u16",
        3 => "i16",
        4 => "u32",
        5 => "i32",
        6 => "f32",
        7 => "bool",
        8 => "string",
        9 => "array",
        10 => "u64",
        11 => "i64",
        12 => "f64",
        _ => "unknown",
    };

    /// <summary>
    /// Reads <paramref name="count"/> key/value pairs. Returns the scalar values as strings and the alignment
    /// (<c>general.alignment</c>, default 32).
    /// </summary>
    public static Dictionary<string, string> Read(GgufCursor c, long count, out int alignment)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        alignment = 32;
        for (long i = 0; i < count; i++)
        {
            var keyOffset = c.Position;
            var key = c.StrictString(MaxKeyBytes, $"metadata key #{i}");
            if (key.Length == 0)
            {
                throw c.Fail($"metadata key #{i} is empty", keyOffset);
            }

            if (!seen.Add(key))
            {
                throw c.Fail($"duplicate metadata key '{key}'", keyOffset);
            }

            var typeOffset = c.Position;
            var type = c.U32($"the value type of '{key}'");
            if (MinSize(type) < 0)
            {
                throw c.Fail($"metadata key '{key}' has unknown value type {type}", typeOffset);
            }

            if (key == "general.alignment")
            {
                alignment = ReadAlignment(c, type, typeOffset);
                metadata[key] = alignment.ToString(CultureInfo.InvariantCulture);
                continue;
            }

            var text = ReadValue(c, type, key, 0);
            if (text is not null)
            {
                metadata[key] = text;
            }
        }

        return metadata;
    }

    private static int ReadAlignment(GgufCursor c, uint type, long typeOffset)
    {
        if (type != TypeU32)
        {
            throw c.Fail($"general.alignment must be a u32 but has type {TypeName(type)}", typeOffset);
        }

        var valueOffset = c.Position;
        var a = c.U32("general.alignment");
        if (a == 0 || (a & (a - 1)) != 0 || a > 1u << 30)
        {
            throw c.Fail($"general.alignment {a} is not a power of two (≤ 2^30)", valueOffset);
        }

        return (int)a;
    }

    /// <summary>Reads one value; returns its text for scalars (and short strings), null for arrays.</summary>
    private static string? ReadValue(GgufCursor c, uint type, string key, int depth)
    {
        var start = c.Position;
        switch (type)
        {
            case TypeString:
            {
                var n = c.StringLength(MaxStringBytes, $"the string value of '{key}'");
                var bytes = c.Take(n, $"the string value of '{key}'");
                return n <= MaxKeptStringBytes ? Encoding.UTF8.GetString(bytes) : null;
            }

            case TypeArray:
                SkipArray(c, key, depth + 1);
                return null;
            default:
            {
                var size = (int)MinSize(type);
                var b = c.Take(size, $"the {TypeName(type)} value of '{key}'");
                var inv = CultureInfo.InvariantCulture;
                return type switch
                {
                    0 => b[0].ToString(inv),
                    1 => ((sbyte)b[0]).ToString(inv),
                    2 => BinaryPrimitives.ReadUInt16LittleEndian(b).ToString(inv),
                    3 => BinaryPrimitives.ReadInt16LittleEndian(b).ToString(inv),
                    4 => BinaryPrimitives.ReadUInt32LittleEndian(b).ToString(inv),
                    5 => BinaryPrimitives.ReadInt32LittleEndian(b).ToString(inv),
                    6 => BinaryPrimitives.ReadSingleLittleEndian(b).ToString("R", inv),
                    7 => b[0] switch
                    {
                        0 => "false",
                        1 => "true",
                        _ => throw c.Fail($"bool value {b[0]} of '{key}' is neither 0 nor 1", start),
                    },
                    10 => BinaryPrimitives.ReadUInt64LittleEndian(b).ToString(inv),
                    11 => BinaryPrimitives.ReadInt64LittleEndian(b).ToString(inv),
                    _ => BinaryPrimitives.ReadDoubleLittleEndian(b).ToString("R", inv),
                };
            }
        }
    }

    /// <summary>Walks an array (after its value type) without materialising it.</summary>
    private static void SkipArray(GgufCursor c, string key, int depth)
    {
        var start = c.Position;
        if (depth > MaxArrayDepth)
        {
            throw c.Fail($"arrays in '{key}' are nested deeper than {MaxArrayDepth} levels", start);
        }

        var elemType = c.U32($"the array element type of '{key}'");
        var minSize = MinSize(elemType);
        if (minSize < 0)
        {
            throw c.Fail($"array '{key}' has unknown element type {elemType}", start);
        }

        var countOffset = c.Position;
        var count = c.U64($"the array length of '{key}'");
        if (count > MaxArrayCount || (long)count * minSize > c.Remaining)
        {
            throw c.Fail(
                $"array '{key}' declares {count} elements of {TypeName(elemType)}, more than the {c.Remaining} "
                + "bytes left can hold", countOffset);
        }

        var n = (long)count;
        if (elemType == TypeBool)
        {
            var dataOffset = c.Position;
            var bytes = c.Take((int)n, $"the bool array '{key}'");
            var bad = bytes.IndexOfAnyExcept((byte)0, (byte)1);
            if (bad >= 0)
            {
                throw c.Fail($"bool array '{key}' holds {bytes[bad]} (neither 0 nor 1)", dataOffset + bad);
            }
        }
        else if (IsFixed(elemType))
        {
            c.Skip(n * minSize, $"the array '{key}'");
        }
        else if (elemType == TypeString)
        {
            for (long i = 0; i < n; i++)
            {
                var len = c.StringLength(MaxStringBytes, $"string #{i} of array '{key}'");
                c.Skip(len, $"string #{i} of array '{key}'");
            }
        }
        else
        {
            for (long i = 0; i < n; i++)
            {
                SkipArray(c, key, depth + 1);
            }
        }
    }
}
