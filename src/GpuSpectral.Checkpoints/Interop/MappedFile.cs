using System.Collections.Concurrent;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using GpuSpectral.Core.Errors;

namespace GpuSpectral.Checkpoints.Interop;

/// <summary>
/// A read-only memory map of a whole file with bounds-checked access. The only place in this assembly that uses
/// pointers. Every access checks <c>offset + length ≤ Length</c> with checked arithmetic and throws
/// <see cref="CheckpointFormatException"/> when it does not hold.
/// </summary>
internal sealed unsafe partial class MappedFile : IDisposable
{
    /// <summary>Linux <c>MADV_DONTNEED</c>: drop the pages from this process (they stay in the page cache).</summary>
    private const int MadvDontNeed = 4;

    private static readonly ConcurrentDictionary<MappedFile, byte> Live = new();

    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _mapStart;
    private readonly long _mapLength;
    private byte* _base;

    private MappedFile(string path, long length, MemoryMappedFile? map, MemoryMappedViewAccessor? view)
    {
        Path = path;
        Length = length;
        _map = map;
        _view = view;
        if (view is not null)
        {
            byte* p = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            _base = p + view.PointerOffset;
            _mapStart = p; // page-aligned start of the mapping
            _mapLength = view.PointerOffset + length;
            Live.TryAdd(this, 0);
        }
    }

    /// <summary>
    /// Drops the resident pages of every open map from this process (Linux <c>madvise(MADV_DONTNEED)</c>; a no-op
    /// elsewhere). The data stays in the OS page cache and is faulted back in on the next access, so this only
    /// keeps the process' resident memory near one tensor instead of growing to the whole checkpoint.
    /// </summary>
    public static void ReleaseAllResidentPages()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        foreach (var f in Live.Keys)
        {
            f.ReleaseResidentPages();
        }
    }

    private void ReleaseResidentPages()
    {
        lock (this)
        {
            if (_base != null && _mapLength > 0)
            {
                _ = Madvise(_mapStart, (nuint)_mapLength, MadvDontNeed); // advisory: a failure changes nothing
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(void* address, nuint length, int advice);

    /// <summary>Path of the mapped file, as given.</summary>
    public string Path { get; }

    /// <summary>File length in bytes at the time it was mapped.</summary>
    public long Length { get; }

    /// <summary>Maps <paramref name="path"/> read-only. An empty file is allowed and maps to nothing.</summary>
    /// <exception cref="CheckpointFormatException">The file cannot be opened.</exception>
    public static MappedFile Open(string path)
    {
        FileStream? stream = null;
        MemoryMappedFile? map = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var length = stream.Length;
            if (length == 0)
            {
                stream.Dispose();
                return new MappedFile(path, 0, null, null);
            }

            map = MemoryMappedFile.CreateFromFile(
                stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            stream = null;
            view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            return new MappedFile(path, length, map, view);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException
                                      or NotSupportedException)
        {
            view?.Dispose();
            map?.Dispose();
            stream?.Dispose();
            throw new CheckpointFormatException(path, "cannot open the file: " + e.Message, inner: e);
        }
    }

    /// <summary>
    /// Runs <paramref name="parse"/> on this map and returns its result; when it throws, disposes the map first. For
    /// a reader constructor that maps its file and then validates it.
    /// </summary>
    public T ParseOrDispose<T>(Func<MappedFile, T> parse)
    {
        try
        {
            return parse(this);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Bytes <c>[offset, offset + length)</c> of the file.</summary>
    /// <exception cref="CheckpointFormatException">The range is not inside the file.</exception>
    public ReadOnlySpan<byte> Span(long offset, int length)
    {
        CheckRange(offset, length);
        ObjectDisposedException.ThrowIf(_base == null && Length > 0, this);
        return length == 0 ? ReadOnlySpan<byte>.Empty : new ReadOnlySpan<byte>(_base + offset, length);
    }

    /// <summary>
    /// Bytes from <paramref name="offset"/> to at most <paramref name="maxLength"/> bytes further or EOF.
    /// </summary>
    public ReadOnlySpan<byte> SpanUpTo(long offset, int maxLength)
    {
        CheckRange(offset, 0);
        return Span(offset, (int)Math.Min(maxLength, Length - offset));
    }

    /// <summary>A read-only stream over bytes <c>[offset, offset + length)</c> of the map (no copy).</summary>
    /// <exception cref="CheckpointFormatException">The range is not inside the file.</exception>
    public Stream OpenStream(long offset, long length)
    {
        CheckRange(offset, length);
        ObjectDisposedException.ThrowIf(_base == null && Length > 0, this);
        if (length == 0)
        {
            return new MemoryStream(Array.Empty<byte>(), writable: false);
        }

        return new UnmanagedMemoryStream(_base + offset, length, length, FileAccess.Read);
    }

    /// <summary>True when <c>[offset, offset + length)</c> lies inside the file.</summary>
    public bool Contains(long offset, long length) =>
        offset >= 0 && length >= 0 && offset <= Length && length <= Length - offset;

    /// <inheritdoc/>
    public void Dispose()
    {
        Live.TryRemove(this, out _);
        lock (this)
        {
            DisposeView();
        }
    }

    private void DisposeView()
    {
        if (_view is not null && _base != null)
        {
            _base = null;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
        }

        _view?.Dispose();
        _map?.Dispose();
    }

    private void CheckRange(long offset, long length)
    {
        if (!Contains(offset, length))
        {
            throw new CheckpointFormatException(
                Path, $"range of {length} bytes lies outside the file of {Length} bytes", offset: offset);
        }
    }
}
