using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
using GpuSpectral.Checkpoints.Interop;
using GpuSpectral.Core.Errors;

namespace GpuSpectral.Checkpoints.Zip;

/// <summary>
/// Central-directory-first ZIP parser (Zip64 aware) with the checks of checkpoint-formats.md §1.2: unique EOCD,
/// directory inside the file and before the EOCD, bounded entry count, UTF-8 unique names, no encryption, methods
/// 0/8 only, local headers consistent with the directory, data before the directory, disjoint member ranges.
/// </summary>
internal static class ZipDirectory
{
    private const uint EocdSignature = 0x06054B50;
    private const uint Zip64LocatorSignature = 0x07064B50;
    private const uint Zip64EocdSignature = 0x06064B50;
    private const uint CentralSignature = 0x02014B50;
    private const uint LocalSignature = 0x04034B50;
    private const int EocdSize = 22;
    private const int CentralSize = 46;
    private const int LocalSize = 30;

    /// <summary>
    /// Reads every member of the ZIP archive mapped by <paramref name="file"/>, in central directory order.
    /// </summary>
    /// <exception cref="CheckpointFormatException">The archive violates any rule above.</exception>
    public static List<ZipEntry> Read(MappedFile file)
    {
        var path = file.Path;
        var eocd = FindEocd(file);
        var e = file.Span(eocd, EocdSize);
        if (U16(e, 4) != 0 || U16(e, 6) != 0 || U16(e, 8) != U16(e, 10))
        {
            throw new CheckpointFormatException(path, "multi-disk ZIP archives are not supported", offset: eocd);
        }

        long count = U16(e, 10);
        long cdSize = U32(e, 12);
        long cdOffset = U32(e, 16);
        var cdLimit = eocd;
        var saturated = count == 0xFFFF || cdSize == 0xFFFFFFFF || cdOffset == 0xFFFFFFFF;
        var locator = eocd - 20;
        if (locator >= 0 && U32(file.Span(locator, 4), 0) == Zip64LocatorSignature)
        {
            (count, cdSize, cdOffset, cdLimit) = ReadZip64(file, locator);
        }
        else if (saturated)
        {
            throw new CheckpointFormatException(
                path, "Zip64 values are saturated but no Zip64 locator exists", offset: eocd);
        }

        if (cdOffset < 0 || cdSize < 0 || cdOffset > cdLimit || cdSize > cdLimit - cdOffset)
        {
            throw new CheckpointFormatException(
                path, $"central directory [{cdOffset}, +{cdSize}) lies outside the archive", offset: eocd);
        }

        if (count < 0 || count > cdSize / CentralSize || count > int.MaxValue)
        {
            throw new CheckpointFormatException(
                path, $"{count} entries cannot fit in a central directory of {cdSize} bytes", offset: cdOffset);
        }

        var entries = ReadCentral(file, cdOffset, cdSize, (int)count);
        CheckDisjoint(entries, path);
        return entries.Select(x => x.Entry).ToList();
    }

    private static long FindEocd(MappedFile file)
    {
        if (file.Length < EocdSize)
        {
            throw new CheckpointFormatException(file.Path, "file is too short to be a ZIP archive", offset: 0);
        }

        var start = Math.Max(0, file.Length - EocdSize - 0xFFFF);
        var tail = file.Span(start, (int)(file.Length - start));
        long found = -1;
        for (var i = tail.Length - EocdSize; i >= 0; i--)
        {
            if (U32(tail, i) == EocdSignature && i + EocdSize + U16(tail, i + 20) == tail.Length)
            {
                if (found >= 0)
                {
                    throw new CheckpointFormatException(file.Path, "more than one end-of-central-directory record");
                }

                found = start + i;
            }
        }

        return found >= 0
            ? found
            : throw new CheckpointFormatException(file.Path, "no ZIP end-of-central-directory record found");
    }

    private static (long Count, long CdSize, long CdOffset, long Limit) ReadZip64(MappedFile file, long locator)
    {
        var loc = file.Span(locator, 20);
        var recordOffset = U64(loc, 8, file.Path, locator);
        if (recordOffset > locator - 56)
        {
            throw new CheckpointFormatException(
                file.Path, "Zip64 end record lies outside the archive", offset: locator);
        }

        var r = file.Span(recordOffset, 56);
        if (U32(r, 0) != Zip64EocdSignature)
        {
            throw new CheckpointFormatException(file.Path, "bad Zip64 end record signature", offset: recordOffset);
        }

        var onDisk = U64(r, 24, file.Path, recordOffset);
        var total = U64(r, 32, file.Path, recordOffset);
        if (onDisk != total || U32(r, 16) != 0 || U32(r, 20) != 0)
        {
            throw new CheckpointFormatException(
                file.Path, "multi-disk ZIP archives are not supported", offset: recordOffset);
        }

        return (total, U64(r, 40, file.Path, recordOffset), U64(r, 48, file.Path, recordOffset), recordOffset);
    }

    private static List<(ZipEntry Entry, long LocalOffset)> ReadCentral(
        MappedFile file, long cdOffset, long cdSize, int count)
    {
        var path = file.Path;
        var result = new List<(ZipEntry, long)>(count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var pos = cdOffset;
        var end = cdOffset + cdSize;
        for (var i = 0; i < count; i++)
        {
            if (end - pos < CentralSize || U32(file.Span(pos, 4), 0) != CentralSignature)
            {
                throw new CheckpointFormatException(path, $"central directory entry {i} is malformed", offset: pos);
            }

            var h = file.Span(pos, CentralSize);
            int flags = U16(h, 8), method = U16(h, 10), n = U16(h, 28), x = U16(h, 30), c = U16(h, 32);
            if ((long)n + x + c > end - pos - CentralSize)
            {
                throw new CheckpointFormatException(
                    path, $"central directory entry {i} overruns the directory", offset: pos);
            }

            var nameBytes = file.Span(pos + CentralSize, n);
            if (!Utf8.IsValid(nameBytes) || nameBytes.Contains((byte)0))
            {
                throw new CheckpointFormatException(
                    path, $"member {i} has a name that is not valid UTF-8", offset: pos);
            }

            var name = Encoding.UTF8.GetString(nameBytes);
            if (!names.Add(name))
            {
                throw new CheckpointFormatException(path, "duplicate ZIP member name", name, pos);
            }

            if ((flags & 1) != 0)
            {
                throw new CheckpointFormatException(path, "encrypted ZIP members are not supported", name, pos);
            }

            if (method is not 0 and not 8)
            {
                throw new CheckpointFormatException(
                    path, $"compression method {method} is not supported (only stored and deflate)", name, pos);
            }

            long compressed = U32(h, 20), uncompressed = U32(h, 24), local = U32(h, 42);
            var extra = file.Span(pos + CentralSize + n, x);
            Zip64ExtraField.Resolve(extra, ref uncompressed, ref compressed, ref local, path, name, pos);
            result.Add((ReadLocal(file, name, nameBytes, method, compressed, uncompressed, local, cdOffset), local));
            pos += CentralSize + n + x + c;
        }

        if (pos != end)
        {
            throw new CheckpointFormatException(
                path, $"central directory size {cdSize} does not match its {count} entries", offset: pos);
        }

        return result;
    }

    private static ZipEntry ReadLocal(
        MappedFile file, string name, ReadOnlySpan<byte> centralName, int method, long compressed, long uncompressed,
        long local, long cdOffset)
    {
        var path = file.Path;
        if (local > cdOffset - LocalSize)
        {
            throw new CheckpointFormatException(path, "local header lies beyond the central directory", name, local);
        }

        var h = file.Span(local, LocalSize);
        if (U32(h, 0) != LocalSignature)
        {
            throw new CheckpointFormatException(path, "bad local header signature", name, local);
        }

        int n = U16(h, 26), x = U16(h, 28);
        var dataStart = local + LocalSize + n + x;
        if (dataStart > cdOffset || !file.Span(local + LocalSize, n).SequenceEqual(centralName))
        {
            throw new CheckpointFormatException(path, "local header does not match the central directory", name, local);
        }

        if (compressed > cdOffset - dataStart)
        {
            throw new CheckpointFormatException(
                path, $"member data of {compressed} bytes runs past the central directory", name, dataStart);
        }

        if (method == 0 && compressed != uncompressed)
        {
            throw new CheckpointFormatException(
                path, $"stored member declares {compressed} compressed but {uncompressed} uncompressed bytes",
                name, local);
        }

        return new ZipEntry(name, method, compressed, uncompressed, dataStart);
    }

    private static void CheckDisjoint(List<(ZipEntry Entry, long LocalOffset)> entries, string path)
    {
        var sorted = entries.OrderBy(t => t.LocalOffset).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            var prev = sorted[i - 1].Entry;
            if (sorted[i].LocalOffset < prev.DataStart + prev.CompressedSize)
            {
                throw new CheckpointFormatException(
                    path, $"member data overlaps member '{prev.Name}'", sorted[i].Entry.Name, sorted[i].LocalOffset);
            }
        }
    }

    private static ushort U16(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt16LittleEndian(s[at..]);

    private static uint U32(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt32LittleEndian(s[at..]);

    private static long U64(ReadOnlySpan<byte> s, int at, string path, long where)
    {
        var v = BinaryPrimitives.ReadUInt64LittleEndian(s[at..]);
        return v <= long.MaxValue
            ? (long)v
            : throw new CheckpointFormatException(path, "ZIP field exceeds 2^63", offset: where);
    }
}
