using GpuSpectral.Checkpoints.Decoding;
using GpuSpectral.Core.Errors;
using GpuSpectral.Core.Tensors;
using PureHDF;
using PureHDF.VOL.Native;

namespace GpuSpectral.Checkpoints.Keras;

/// <summary>
/// The Keras weight catalogue of one HDF5 file (a standalone <c>.h5</c> or the <c>model.weights.h5</c> member of a
/// <c>.keras</c> archive), read through PureHDF over a seekable stream. Understands Keras 2 / tf.keras and Keras 3
/// legacy layouts (<c>layer_names</c> / <c>weight_names</c>, with or without <c>model_weights</c>) and the Keras 3
/// <c>layers/&lt;name&gt;/vars/&lt;i&gt;</c> layout. Every PureHDF or JSON failure becomes a
/// <see cref="CheckpointFormatException"/>; every PureHDF call is serialised and runs under a read budget.
/// </summary>
internal sealed partial class KerasH5Store : IDisposable
{
    /// <summary>Nesting depth of groups walked in the Keras 3 layout.</summary>
    private const int MaxDepth = 32;

    /// <summary>HDF5 objects (groups, datasets, names) visited while building the catalogue.</summary>
    private const int MaxObjects = 1_000_000;

    /// <summary>Chunked datasets may declare at most this many times the container size (Keras' own bomb guard).</summary>
    private const long MaxChunkedRatio = 1000;

    /// <summary>Size floor below which a chunked dataset is always accepted.</summary>
    private const long ChunkedFloor = 16L << 20;

    /// <summary>Bytes PureHDF may read on top of the size-proportional part of a budget.</summary>
    private const long BudgetFloor = 64L << 20;

    private readonly object _gate = new();
    private readonly string _path;
    private readonly string _where;
    private readonly long _length;
    private readonly BudgetStream _stream;
    private readonly NativeFile _h5;
    private readonly KerasLayerNode? _archiveConfig;
    private readonly List<TensorInfo> _tensors = [];
    private readonly Dictionary<string, (TensorInfo Info, IH5Dataset Dataset)> _byName = new(StringComparer.Ordinal);
    private int _objects;

    private KerasH5Store(
        string path, string? member, Stream data, long length, KerasLayerNode? archiveConfig)
    {
        _path = path;
        _where = member is null ? string.Empty : $"member '{member}': ";
        _length = length;
        _archiveConfig = archiveConfig;
        _stream = new BudgetStream(data);
        _stream.Reset(BudgetFloor + (16 * length));
        _h5 = H5File.Open(_stream, leaveOpen: true);
    }

    /// <summary>Tensors in Keras' own order.</summary>
    public IReadOnlyList<TensorInfo> Tensors => _tensors;

    /// <summary>
    /// Opens the HDF5 data in <paramref name="data"/> and builds the catalogue. Takes ownership of the stream.
    /// </summary>
    /// <param name="path">File named in messages and used as <see cref="TensorInfo.SourceFile"/>.</param>
    /// <param name="member">Archive member holding the HDF5 data, or null for a standalone file.</param>
    /// <param name="data">Seekable stream positioned anywhere; offset 0 is the start of the HDF5 data.</param>
    /// <param name="length">Bytes of HDF5 data.</param>
    /// <param name="archiveConfig">Parsed <c>config.json</c> of a <c>.keras</c> archive, or null.</param>
    public static KerasH5Store Open(string path, string? member, Stream data, long length, KerasLayerNode? archiveConfig)
    {
        KerasH5Store? store = null;
        try
        {
            store = new KerasH5Store(path, member, data, length, archiveConfig);
            store.Catalogue();
            return store;
        }
        catch (Exception e) when (e is not CheckpointFormatException && !IsFatal(e))
        {
            var why = store?._stream.Exhausted == true
                ? "the HDF5 structure needs too many reads (cyclic or corrupt metadata)"
                : "malformed HDF5 data: " + OneLine(e.Message);
            store?.Dispose();
            data.Dispose();
            throw new CheckpointFormatException(path, (member is null ? string.Empty : $"member '{member}': ") + why,
                inner: e);
        }
        catch
        {
            store?.Dispose();
            data.Dispose();
            throw;
        }
    }

    /// <summary>Decodes <paramref name="tensor"/> into <paramref name="destination"/> (checked by the caller).</summary>
    public void Read(TensorInfo tensor, Span<double> destination, string readerPath)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!_byName.TryGetValue(tensor.Name, out var entry) || !ReferenceEquals(entry.Info, tensor) && !entry.Info.Equals(tensor))
        {
            throw new ArgumentException($"tensor '{tensor.Name}' is not from {readerPath}", nameof(tensor));
        }

        var count = TensorDataDecoder.CheckDestination(tensor, destination);
        lock (_gate)
        {
            try
            {
                _stream.Reset(BudgetFloor + (4 * _length));
                ReadCore(entry.Dataset, tensor.DType, count, destination);
            }
            catch (Exception e) when (e is not CheckpointFormatException && !IsFatal(e))
            {
                throw Fail(
                    _stream.Exhausted
                        ? "reading the dataset needs too many reads (cyclic or corrupt metadata)"
                        : "cannot read the dataset: " + OneLine(e.Message),
                    tensor.Name, e);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            _h5?.Dispose();
            _stream.Dispose();
        }
    }

    /// <summary>
    /// Exceptions that are never turned into format errors. OutOfMemoryException is deliberately absent: PureHDF sizes
    /// some allocations (variable-length strings, heaps) from lengths stored in the file, so a corrupt length shows up
    /// as an impossible allocation, which is a property of the input.
    /// </summary>
    private static bool IsFatal(Exception e) => e is StackOverflowException or AccessViolationException
        or ThreadAbortException;

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "/" + name;

    private CheckpointFormatException Fail(string reason, string? tensor = null, Exception? inner = null) =>
        new(_path, _where + reason, tensor, inner: inner);

    private void Count()
    {
        if (++_objects > MaxObjects)
        {
            throw Fail($"more than {MaxObjects} HDF5 objects in the weight catalogue");
        }
    }

    private void Catalogue()
    {
        var root = _h5;
        if (root.LinkExists("model_weights"))
        {
            var config = _archiveConfig ?? ModelConfig(root);
            CatalogueLegacy(Group(root, "model_weights", "model_weights"), config);
        }
        else if (HasAttribute(root, "layer_names"))
        {
            CatalogueLegacy(root, _archiveConfig ?? ModelConfig(root));
        }
        else if (root.LinkExists("layers") || root.LinkExists("vars"))
        {
            CatalogueKeras3(root);
        }
        else
        {
            throw Fail("not a Keras weights file: no 'model_weights' group, 'layer_names' attribute or 'layers' group");
        }
    }
}
