using System.Globalization;
using System.Text.Json;

namespace GpuSpectral.Reports;

/// <summary>
/// A <see cref="Cell"/> as a JSON value and back: numbers round-trip exactly, NaN is null, ±∞ are the strings
/// "Infinity"/"-Infinity", booleans are booleans, text is a string.
/// </summary>
public static class CellJson
{
    /// <summary>Writes <paramref name="c"/> as property <paramref name="name"/>.</summary>
    public static void Write(Utf8JsonWriter w, string name, Cell c)
    {
        if (c.Number is double d)
        {
            if (double.IsNaN(d))
            {
                w.WriteNull(name);
            }
            else if (double.IsInfinity(d))
            {
                w.WriteString(name, d > 0 ? "Infinity" : "-Infinity");
            }
            else
            {
                w.WriteNumber(name, d);
            }
        }
        else if (c.Integer is long i)
        {
            w.WriteNumber(name, i);
        }
        else if (c.Flag is bool b)
        {
            w.WriteBoolean(name, b);
        }
        else if (c.Text is not null)
        {
            w.WriteString(name, c.Text);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    /// <summary>Reads a value written by <see cref="Write"/>.</summary>
    /// <param name="value">The JSON value.</param>
    /// <param name="isText">The column holds text (so "Infinity" there is a name, not a number).</param>
    public static Cell Read(JsonElement value, bool isText) => value.ValueKind switch
    {
        JsonValueKind.Null => new Cell(double.NaN, null, null, null),
        JsonValueKind.True => new Cell(null, null, null, true),
        JsonValueKind.False => new Cell(null, null, null, false),
        JsonValueKind.Number when value.TryGetInt64(out var i) && !value.GetRawText().Contains('.', StringComparison.Ordinal)
            && !value.GetRawText().Contains('E', StringComparison.OrdinalIgnoreCase) => new Cell(null, i, null, null),
        JsonValueKind.Number => new Cell(value.GetDouble(), null, null, null),
        JsonValueKind.String when !isText && value.GetString() is "Infinity" => new Cell(double.PositiveInfinity, null, null, null),
        JsonValueKind.String when !isText && value.GetString() is "-Infinity" => new Cell(double.NegativeInfinity, null, null, null),
        JsonValueKind.String => new Cell(null, null, value.GetString(), null),
        _ => throw new FormatException($"unexpected JSON value {value.ValueKind}"),
    };

    /// <summary>The number a cell holds (integers widened), or null for text, flags and empty cells.</summary>
    public static double? Number(Cell c) => c.Number ?? (c.Integer is long i ? i : null);
}
