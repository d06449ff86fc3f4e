using System.Buffers.Binary;
using GpuSpectral.Checkpoints.Interop;
using GpuSpectral.Core.Errors;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.PyTorch;

/// <summary>
/// Reads the legacy non-zip <c>torch.save</c> stream (torch &lt; 1.6, or
/// <c>_use_new_zipfile_serialization=False</c>): pickles for the magic number, protocol version 1001, sys info and
/// the object (with 6-tuple storage persistent ids), then the pickled list of storage keys, then for each key an
/// int64 element count and the raw little-endian bytes. Every pickle runs in the restricted
/// <see cref="PickleMachine"/>; the storage tail is walked with checked arithmetic and must end exactly at EOF.
/// Pre-0.4 tar checkpoints and big-endian files are refused.
/// </summary>
/// <remarks>Immutable after construction: <see cref="ReadAsDouble"/> may be called from several threads at
/// once. Dispose releases the memory map; do not dispose while reads are in flight.</remarks>
public sealed class TorchLegacyReader : ICheckpointReader
{
    /// <summary>The pickled magic number <c>0x1950A86A20F9469CFC6C</c> every legacy file starts with.</summary>
    public static ReadOnlySpan<byte> Magic =>
        [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, 0x2E];

    private const int LegacyProtocolVersion = 1001;

    private readonly MappedFile _file;
    private readonly TorchTensorTable _table;

    /// <summary>Opens and validates <paramref name="path"/>: every pickle and the whole storage tail.</summary>
    /// <param name="path">A legacy torch.save file.</param>
    /// <exception cref="CheckpointFormatException">The file is malformed, unsafe or unsupported.</exception>
    public TorchLegacyReader(string path)
    {
        Path = path;
        _file = MappedFile.Open(path);
        _table = _file.ParseOrDispose(Open);
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <inheritdoc/>
    public string FormatName => "pytorch";

    /// <summary>All tensors, in pickle order.</summary>
    public IReadOnlyList<TensorInfo> Tensors => _table.Tensors;

    /// <summary>The tensor called <paramref name="name"/>, if any.</summary>
    public bool TryGetTensor(string name, out TensorInfo tensor) => _table.TryGet(name, out tensor);

    /// <inheritdoc/>
    public void ReadAsDouble(TensorInfo tensor, Span<double> destination) => _table.Read(_file, tensor, destination);

    /// <inheritdoc/>
    public void Dispose() => _file.Dispose();

    private TorchTensorTable Open(MappedFile file)
    {
        var head = file.SpanUpTo(0, 512);
        if (TorchReader.LooksLikeLegacyTar(head))
        {
            throw new CheckpointFormatException(
                Path, "this is a pre-0.4 PyTorch tar checkpoint, which is not supported; re-save it with a recent "
                      + "torch.save");
        }

        if (!head.StartsWith(Magic))
        {
            throw new CheckpointFormatException(
                Path, "file does not start with the legacy torch.save magic number", offset: 0);
        }

        long pos = Magic.Length;
        var plain = new PickleMachine(Path, "legacy header", PersistentIdKind.None);
        var version = Next(file, plain, ref pos);
        if (version is not PyInt v || v.Value != LegacyProtocolVersion)
        {
            throw new CheckpointFormatException(
                Path, $"legacy protocol version is not {LegacyProtocolVersion}", offset: Magic.Length);
        }

        var infoAt = pos;
        if (Next(file, plain, ref pos) is not PyDict sysInfo)
        {
            throw new CheckpointFormatException(Path, "legacy sys_info is not a dict", offset: infoAt);
        }

        switch (sysInfo.Get("little_endian"))
        {
            case PyBool { Value: true }:
                break;
            case PyBool { Value: false }:
                throw new CheckpointFormatException(
                    Path, "file was written on a big-endian machine (little_endian = False); only little-endian "
                          + "is supported", offset: infoAt);
            default:
                throw new CheckpointFormatException(Path, "legacy sys_info has no little_endian flag", offset: infoAt);
        }

        var state = new PickleMachine(Path, "legacy state pickle", PersistentIdKind.Legacy);
        var tensors = StateDictWalker.Collect(Next(file, state, ref pos), Path, "legacy state pickle");
        var keysAt = pos;
        if (Next(file, new PickleMachine(Path, "legacy storage key list", PersistentIdKind.None), ref pos)
            is not PyList keyList)
        {
            throw new CheckpointFormatException(Path, "legacy storage key list is not a list", offset: keysAt);
        }

        var byKey = state.Storages.ToDictionary(s => s.Key, StringComparer.Ordinal);
        var starts = new Dictionary<TorchStorage, long>(ReferenceEqualityComparer.Instance);
        foreach (var k in keyList.Items)
        {
            if (k is not PyStr key || !byKey.TryGetValue(key.Value, out var s))
            {
                throw new CheckpointFormatException(
                    Path, $"legacy storage key list names {(k is PyStr ks ? $"'{PickleMachine.Printable(ks.Value)}', a storage no tensor uses" : $"a {k.TypeName}")}",
                    offset: keysAt);
            }

            if (starts.ContainsKey(s))
            {
                throw new CheckpointFormatException(
                    Path, $"legacy storage key '{PickleMachine.Printable(key.Value)}' is listed twice", offset: keysAt);
            }

            if (file.Length - pos < 8)
            {
                throw new CheckpointFormatException(
                    Path, $"file ends before the size of storage '{PickleMachine.Printable(key.Value)}'", offset: pos);
            }

            var count = BinaryPrimitives.ReadInt64LittleEndian(file.Span(pos, 8));
            if (count != s.Numel)
            {
                throw new CheckpointFormatException(
                    Path, $"storage '{PickleMachine.Printable(key.Value)}' holds {count} elements but its persistent "
                          + $"id declares {s.Numel}", offset: pos);
            }

            pos += 8;
            if (s.ByteLength > file.Length - pos)
            {
                throw new CheckpointFormatException(
                    Path, $"storage '{PickleMachine.Printable(key.Value)}' of {s.ByteLength} bytes runs past the end "
                          + "of the file (truncated)", offset: pos);
            }

            starts.Add(s, pos);
            pos += s.ByteLength;
        }

        if (starts.Count != byKey.Count)
        {
            var missing = byKey.Values.First(s => !starts.ContainsKey(s));
            throw new CheckpointFormatException(
                Path, $"storage '{PickleMachine.Printable(missing.Key)}' is missing from the legacy storage key list",
                offset: keysAt);
        }

        if (pos != file.Length)
        {
            throw new CheckpointFormatException(
                Path, $"{file.Length - pos} trailing bytes after the last storage", offset: pos);
        }

        return new TorchTensorTable(Path, tensors, s => starts[s]);
    }

    private static PyValue Next(MappedFile file, PickleMachine vm, ref long pos)
    {
        var value = vm.Run(file.SpanUpTo(pos, PickleMachine.MaxPickleBytes), pos, out var consumed);
        pos += consumed;
        return value;
    }
}
