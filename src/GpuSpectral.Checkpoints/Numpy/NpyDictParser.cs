using System.Text;
using GpuSpectral.Core.Errors;

namespace GpuSpectral.Checkpoints.Numpy;

/// <summary>The three fields of an npy header dict.</summary>
/// <param name="Descr">The dtype descr string, for example <c>&lt;f4</c>.</param>
/// <param name="FortranOrder">The <c>fortran_order</c> flag.</param>
/// <param name="Shape">The shape tuple.</param>
internal sealed record NpyDict(string Descr, bool FortranOrder, long[] Shape);

/// <summary>
/// Recursive-descent parser for the npy header literal:
/// <c>{ 'descr': STRING, 'fortran_order': True|False, 'shape': ( INT, ... ) }</c> with keys in any order, optional
/// trailing commas, and trailing whitespace. ASCII only; strings have no escapes; integers are unsigned decimals
/// (a Python 2 <c>L</c> suffix is accepted). Nothing is ever evaluated.
/// </summary>
internal ref struct NpyDictParser
{
    private readonly ReadOnlySpan<byte> _text;
    private readonly string _path;
    private readonly string? _tensor;
    private readonly int _baseOffset;
    private int _pos;

    private NpyDictParser(ReadOnlySpan<byte> text, string path, string? tensor, int baseOffset)
    {
        _text = text;
        _path = path;
        _tensor = tensor;
        _baseOffset = baseOffset;
        _pos = 0;
    }

    /// <summary>Parses the header text (the bytes after the length field).</summary>
    public static NpyDict Parse(ReadOnlySpan<byte> text, string path, string? tensor, int baseOffset)
    {
        var p = new NpyDictParser(text, path, tensor, baseOffset);
        return p.ParseDict();
    }

    private NpyDict ParseDict()
    {
        string? descr = null;
        bool? fortran = null;
        long[]? shape = null;
        SkipSpace();
        Expect((byte)'{');
        SkipSpace();
        while (Peek() != '}')
        {
            var key = ParseString();
            SkipSpace();
            Expect((byte)':');
            SkipSpace();
            switch (key)
            {
                case "descr" when descr is null:
                    descr = Peek() switch
                    {
                        '[' => throw Fail("structured dtypes (a list descr) are not supported"),
                        '(' => throw Fail("sub-array dtypes (a tuple descr) are not supported"),
                        _ => ParseString(),
                    };
                    break;
                case "fortran_order" when fortran is null:
                    fortran = ParseBool();
                    break;
                case "shape" when shape is null:
                    shape = ParseTuple();
                    break;
                case "descr" or "fortran_order" or "shape":
                    throw Fail($"duplicate key '{key}' in npy header");
                default:
                    throw Fail($"unexpected key '{key}' in npy header");
            }

            SkipSpace();
            if (Peek() == ',')
            {
                _pos++;
                SkipSpace();
            }
            else if (Peek() != '}')
            {
                throw Fail("expected ',' or '}' in npy header");
            }
        }

        _pos++;
        SkipSpace();
        if (_pos != _text.Length)
        {
            throw Fail("unexpected text after the npy header dict");
        }

        if (descr is null || fortran is null || shape is null)
        {
            throw Fail("npy header must have the keys 'descr', 'fortran_order' and 'shape'");
        }

        return new NpyDict(descr, fortran.Value, shape);
    }

    private string ParseString()
    {
        var quote = Peek();
        if (quote is not '\'' and not '"')
        {
            throw Fail("expected a quoted string in npy header");
        }

        var start = ++_pos;
        while (_pos < _text.Length && _text[_pos] != quote)
        {
            if (_text[_pos] is (byte)'\\' or < 0x20 or >= 0x7F)
            {
                throw Fail("unsupported character in npy header string");
            }

            _pos++;
        }

        if (_pos >= _text.Length)
        {
            throw Fail("unterminated string in npy header");
        }

        var s = Encoding.ASCII.GetString(_text[start.._pos]);
        _pos++;
        return s;
    }

    private bool ParseBool()
    {
        if (TryLiteral("True"u8))
        {
            return true;
        }

        if (TryLiteral("False"u8))
        {
            return false;
        }

        throw Fail("fortran_order must be True or False");
    }

    private long[] ParseTuple()
    {
        Expect((byte)'(');
        SkipSpace();
        var values = new List<long>();
        var trailingComma = false;
        while (Peek() != ')')
        {
            if (values.Count > 64)
            {
                throw Fail("shape tuple is too long");
            }

            values.Add(ParseInteger());
            SkipSpace();
            trailingComma = false;
            if (Peek() == ',')
            {
                _pos++;
                trailingComma = true;
                SkipSpace();
            }
            else if (Peek() != ')')
            {
                throw Fail("expected ',' or ')' in shape tuple");
            }
        }

        _pos++;
        if (values.Count == 1 && !trailingComma)
        {
            throw Fail("shape '(n)' is not a tuple; a 1-D shape is written '(n,)'");
        }

        return [.. values];
    }

    private long ParseInteger()
    {
        var start = _pos;
        long value = 0;
        while (_pos < _text.Length && _text[_pos] is >= (byte)'0' and <= (byte)'9')
        {
            var digit = _text[_pos] - '0';
            if (value > (long.MaxValue - digit) / 10)
            {
                throw Fail("shape dimension does not fit in 64 bits");
            }

            value = (value * 10) + digit;
            _pos++;
        }

        if (_pos == start)
        {
            throw Fail("shape entries must be non-negative integers");
        }

        if (_pos - start > 1 && _text[start] == '0')
        {
            throw Fail("shape entries must not have leading zeros");
        }

        if (Peek() == 'L')
        {
            _pos++;
        }

        return value;
    }

    private bool TryLiteral(ReadOnlySpan<byte> literal)
    {
        if (!_text[_pos..].StartsWith(literal))
        {
            return false;
        }

        _pos += literal.Length;
        return true;
    }

    private void Expect(byte c)
    {
        if (Peek() != c)
        {
            throw Fail($"expected '{(char)c}' in npy header");
        }

        _pos++;
    }

    private readonly char Peek() => _pos < _text.Length ? (char)_text[_pos] : '\0';

    private void SkipSpace()
    {
        while (_pos < _text.Length && _text[_pos] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            _pos++;
        }
    }

    private readonly CheckpointFormatException Fail(string reason) =>
        new(_path, reason, _tensor, _baseOffset + _pos);
}
