using System.Text;
using GpuSpectral.Checkpoints.Interop;
using GpuSpectral.Checkpoints.Zip;
using GpuSpectral.Core.Errors;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.PyTorch;

/// <summary>
/// Reads a <c>torch.save</c> zip checkpoint (torch ≥ 1.6; <c>.pt</c>, <c>.pth</c>, <c>.bin</c>) without executing
/// anything: the ZIP is parsed from its central directory, <c>&lt;prefix&gt;/data.pkl</c> is interpreted by the
/// restricted <see cref="PickleMachine"/>, and every storage <c>&lt;prefix&gt;/data/&lt;key&gt;</c> must be stored
/// (not deflated) with exactly the size its persistent id declares. Tensors are strided views of the memory-mapped
/// storages, listed in pickle order and read into C order. TorchScript archives and big-endian archives are refused.
/// </summary>
/// <remarks>Immutable after construction: <see cref="ReadAsDouble"/> may be called from several threads at
/// once. Dispose releases the memory map; do not dispose while reads are in flight.</remarks>
public sealed class TorchZipReader : ICheckpointReader
{
    private readonly MappedFile _file;
    private readonly TorchTensorTable _table;

    /// <summary>Opens and validates <paramref name="path"/>: the archive, the pickle and every storage.</summary>
    /// <param name="path">A torch.save zip file.</param>
    /// <exception cref="CheckpointFormatException">The file is malformed, unsafe or unsupported.</exception>
    public TorchZipReader(string path)
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
        var entries = ZipDirectory.Read(file);
        if (entries.Count == 0)
        {
            throw new CheckpointFormatException(Path, "ZIP archive is empty (no data.pkl)");
        }

        var slash = entries[0].Name.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new CheckpointFormatException(
                Path, $"ZIP member '{PickleMachine.Printable(entries[0].Name)}' is not inside a folder; "
                      + "not a torch.save archive");
        }

        var prefix = entries[0].Name[..(slash + 1)];
        var byName = new Dictionary<string, ZipEntry>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            if (!e.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new CheckpointFormatException(
                    Path, $"ZIP member '{PickleMachine.Printable(e.Name)}' is outside the archive folder "
                          + $"'{PickleMachine.Printable(prefix)}'");
            }

            var rel = e.Name[prefix.Length..];
            if (rel == "constants.pkl" || rel.StartsWith("code/", StringComparison.Ordinal))
            {
                throw new CheckpointFormatException(
                    Path, "this is a TorchScript archive (torch.jit.save), not a torch.save state dict; "
                          + "load it in Python and save model.state_dict() instead");
            }

            byName[rel] = e;
        }

        if (byName.TryGetValue("byteorder", out var order))
        {
            CheckByteOrder(file, order);
        }

        var what = PickleMachine.Printable(prefix) + "data.pkl";
        if (!byName.TryGetValue("data.pkl", out var pkl))
        {
            throw new CheckpointFormatException(Path, $"archive has no {PickleMachine.Printable(what)}");
        }

        var bytes = StoredBytes(file, pkl, PickleMachine.MaxPickleBytes, what);
        var vm = new PickleMachine(Path, what, PersistentIdKind.Zip);
        var root = vm.Run(bytes, pkl.DataStart, out var consumed);
        if (consumed != bytes.Length)
        {
            throw new CheckpointFormatException(
                Path, $"{what}: {bytes.Length - consumed} bytes after the pickle's STOP",
                offset: pkl.DataStart + consumed);
        }

        var tensors = StateDictWalker.Collect(root, Path, what);
        var starts = new Dictionary<TorchStorage, long>(ReferenceEqualityComparer.Instance);
        foreach (var s in vm.Storages)
        {
            var name = "data/" + s.Key;
            if (!byName.TryGetValue(name, out var entry))
            {
                throw new CheckpointFormatException(
                    Path, $"storage '{PickleMachine.Printable(s.Key)}' has no member "
                          + $"{PickleMachine.Printable(prefix + name)}");
            }

            if (entry.Method != 0)
            {
                throw new CheckpointFormatException(
                    Path, $"storage member {PickleMachine.Printable(entry.Name)} is compressed (torch stores them)",
                    offset: entry.DataStart);
            }

            if (entry.UncompressedSize != s.ByteLength)
            {
                throw new CheckpointFormatException(
                    Path, $"storage member {PickleMachine.Printable(entry.Name)} has {entry.UncompressedSize} bytes "
                          + $"but its persistent id declares {s.Numel} x {s.ElementSize} = {s.ByteLength}",
                    offset: entry.DataStart);
            }

            starts.Add(s, entry.DataStart);
        }

        return new TorchTensorTable(Path, tensors, s => starts[s]);
    }

    private void CheckByteOrder(MappedFile file, ZipEntry order)
    {
        var text = Encoding.ASCII.GetString(StoredBytes(file, order, 64, order.Name)).Trim();
        if (text == "big")
        {
            throw new CheckpointFormatException(
                Path, "archive declares big-endian storages (byteorder = big); only little-endian is supported");
        }

        if (text != "little")
        {
            throw new CheckpointFormatException(
                Path, $"byteorder record holds '{PickleMachine.Printable(text)}', not 'little' or 'big'");
        }
    }

    private ReadOnlySpan<byte> StoredBytes(MappedFile file, ZipEntry entry, int max, string what)
    {
        if (entry.Method != 0)
        {
            throw new CheckpointFormatException(
                Path, $"{PickleMachine.Printable(what)} is compressed (torch.save stores every record)",
                offset: entry.DataStart);
        }

        if (entry.CompressedSize > max)
        {
            throw new CheckpointFormatException(
                Path, $"{PickleMachine.Printable(what)} of {entry.CompressedSize} bytes exceeds {max} bytes",
                offset: entry.DataStart);
        }

        return file.Span(entry.DataStart, (int)entry.CompressedSize);
    }
}
