using GpuSpectral.Checkpoints.Interop;
using GpuSpectral.Core.Errors;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Keras;

/// <summary>
/// Reads the weights of a Keras HDF5 file through PureHDF: a Keras 2 / tf.keras full model (<c>model.save('m.h5')</c>:
/// <c>model_config</c> plus <c>model_weights/&lt;layer&gt;</c> with <c>weight_names</c>), a weights-only h5
/// (<c>save_weights</c>: <c>layer_names</c> on the root), a Keras 3 legacy h5, or a Keras 3 <c>.weights.h5</c>
/// (<c>layers/&lt;name&gt;/vars/&lt;i&gt;</c>).
/// </summary>
/// <remarks>
/// <para>Tensor names are <c>&lt;layer&gt;/&lt;weight&gt;</c> without the <c>:0</c> suffix (<c>dense_1/kernel</c>,
/// <c>conv2d/bias</c>); weights of nested models carry the enclosing layer path (<c>sequential/dense/kernel</c>). The order is
/// Keras' own: <c>layer_names</c> then <c>weight_names</c>. In the Keras 3 layout the group names are Keras' automatic
/// names (<c>dense</c>, <c>dense_1</c>, …), variables are named from their saved order and the layer class
/// (<c>kernel</c>, <c>bias</c>, …) or <c>&lt;layer&gt;/vars/&lt;i&gt;</c> when the class is unknown, and layers come in
/// natural group-name order (config order inside a <c>.keras</c> archive).</para>
/// <para>Every tensor has <see cref="TensorInfo.Layout"/> = <see cref="WeightLayout.Keras"/>; the
/// <see cref="TensorInfo.KindHint"/> comes from the layer class in the model config (or, for Keras 3 files, from the
/// automatic group name) and is set on weight matrices and on every variable of a normalisation layer; biases get
/// <see cref="LayerKindHint.None"/>.</para>
/// <para>Each dataset is read whole when asked for (never up front). Reads are serialised: safe to call from several
/// threads, but not in parallel. Big-endian, non-numeric, virtual and oversized datasets are rejected.</para>
/// </remarks>
public sealed class KerasH5Reader : ICheckpointReader
{
    private static readonly int[] SignatureOffsets = [0, 512, 1024, 2048];

    private static ReadOnlySpan<byte> Signature => [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly KerasH5Store _store;

    /// <summary>Opens <paramref name="path"/> and builds the weight catalogue (no tensor data is read).</summary>
    /// <param name="path">A Keras <c>.h5</c> / <c>.hdf5</c> / <c>.weights.h5</c> file.</param>
    /// <exception cref="CheckpointFormatException">The file is not HDF5, not a Keras weights file, or malformed.</exception>
    public KerasH5Reader(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = path;
        var file = MappedFile.Open(path);
        Stream stream;
        try
        {
            if (!LooksLikeHdf5(file.SpanUpTo(0, 2048 + 8)))
            {
                throw new CheckpointFormatException(path, "not an HDF5 file (no HDF5 signature)", offset: 0);
            }

            stream = new OwningStream(file.OpenStream(0, file.Length), file);
        }
        catch
        {
            file.Dispose();
            throw;
        }

        _store = KerasH5Store.Open(path, null, stream, file.Length, null);
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <inheritdoc/>
    public string FormatName => "keras-h5";

    /// <inheritdoc/>
    public IReadOnlyList<TensorInfo> Tensors => _store.Tensors;

    /// <summary>
    /// True when <paramref name="head"/> (the first bytes of a file, 2 056 or more to see every position) carries the
    /// HDF5 signature <c>89 48 44 46 0D 0A 1A 0A</c> at offset 0, 512, 1024 or 2048 (after a user block).
    /// </summary>
    /// <param name="head">Leading bytes of the file.</param>
    public static bool LooksLikeHdf5(ReadOnlySpan<byte> head)
    {
        foreach (var at in SignatureOffsets)
        {
            if (head.Length >= at + Signature.Length && head.Slice(at, Signature.Length).SequenceEqual(Signature))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public void ReadAsDouble(TensorInfo tensor, Span<double> destination) => _store.Read(tensor, destination, Path);

    /// <inheritdoc/>
    public void Dispose() => _store.Dispose();
}
