using System.Buffers;
using System.IO.Compression;
using System.Text;
using System.Text.Unicode;

namespace GpuSpectral.Lsa.Text;

/// <summary>
/// Splits a byte stream into lines the way Python's text mode does (universal newlines: "\n", "\r\n" and "\r" end a
/// line; a last line without terminator counts), and decodes them as strict UTF-8. The terminator bytes never occur
/// inside a multi-byte UTF-8 sequence, so splitting before decoding is safe.
/// </summary>
internal sealed class ByteLineReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer = new byte[1 << 16];
    private char[] _chars = new char[1 << 12];
    private int _start;
    private int _end;
    private bool _eof;

    internal ByteLineReader(Stream stream)
    {
        _stream = stream;
    }

    /// <summary>1-based number of the last line returned.</summary>
    internal long LineNumber { get; private set; }

    /// <summary>Opens a file, transparently gunzipping it when it starts with the gzip magic bytes.</summary>
    internal static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B
            ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: false)
            : file;
    }

    /// <summary>
    /// Decodes strict UTF-8 (as <c>new UTF8Encoding(false, throwOnInvalidBytes: true)</c> does) into a char span of a
    /// reusable buffer; on invalid bytes returns false with the offset of the first bad byte.
    /// </summary>
    internal static bool TryDecode(ReadOnlySpan<byte> bytes, ref char[] chars, out int written, out int badOffset)
    {
        if (chars.Length < bytes.Length)
        {
            chars = new char[Math.Max(bytes.Length, 2 * chars.Length)];
        }

        var status = Utf8.ToUtf16(bytes, chars, out var read, out written, replaceInvalidSequences: false);
        badOffset = read;
        return status == OperationStatus.Done;
    }

    /// <summary>Line number (1-based, universal newlines) of byte offset <paramref name="offset"/> of a whole file.</summary>
    internal static long LineOf(ReadOnlySpan<byte> bytes, int offset)
    {
        long line = 1;
        for (var i = 0; i < offset; i++)
        {
            if (bytes[i] == (byte)'\n' || (bytes[i] == (byte)'\r' && (i + 1 >= bytes.Length || bytes[i + 1] != (byte)'\n')))
            {
                line++;
            }
        }

        return line;
    }

    /// <summary>Describes a decoding failure: the bad byte and where it is.</summary>
    internal static string InvalidUtf8(ReadOnlySpan<byte> bytes, int offset) =>
        offset < bytes.Length
            ? $"invalid UTF-8: byte 0x{bytes[offset]:X2} at byte {offset + 1} of the line"
            : "invalid UTF-8: truncated sequence at the end of the line";

    /// <summary>Reads the next line's bytes (without terminator); false at the end of the stream.</summary>
    internal bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        var scanFrom = _start;
        while (true)
        {
            var available = _buffer.AsSpan(scanFrom, _end - scanFrom);
            var k = available.IndexOfAny((byte)'\n', (byte)'\r');
            if (k >= 0)
            {
                var at = scanFrom + k;
                if (_buffer[at] == (byte)'\r' && at + 1 == _end && !_eof)
                {
                    // a "\r" at the end of the data may be the first half of "\r\n": read on first
                    scanFrom = Fill(at);
                    continue;
                }

                line = _buffer.AsSpan(_start, at - _start);
                var next = at + 1;
                if (_buffer[at] == (byte)'\r' && next < _end && _buffer[next] == (byte)'\n')
                {
                    next++;
                }

                _start = next;
                LineNumber++;
                return true;
            }

            if (_eof)
            {
                if (_start < _end)
                {
                    line = _buffer.AsSpan(_start, _end - _start);
                    _start = _end;
                    LineNumber++;
                    return true;
                }

                line = default;
                return false;
            }

            scanFrom = Fill(_end);
        }
    }

    /// <summary>Reads the next line as strict UTF-8 text; throws naming <paramref name="path"/> and the line.</summary>
    internal bool TryReadLine(string path, out ReadOnlySpan<char> text)
    {
        if (!TryReadLine(out var bytes))
        {
            text = default;
            return false;
        }

        if (LineNumber == 1 && bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            bytes = bytes[3..];
        }

        if (!TryDecode(bytes, ref _chars, out var written, out var bad))
        {
            throw LsaInputException.AtLine(path, LineNumber, InvalidUtf8(bytes, bad));
        }

        text = _chars.AsSpan(0, written);
        return true;
    }

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();

    /// <summary>Compacts the pending bytes to the buffer start, reads more, and returns where scanning resumes.</summary>
    private int Fill(int resumeAt)
    {
        var pending = _end - _start;
        var resumeOffset = resumeAt - _start;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
            _start = 0;
            _end = pending;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, 2 * _buffer.Length);
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
        return resumeOffset;
    }
}
