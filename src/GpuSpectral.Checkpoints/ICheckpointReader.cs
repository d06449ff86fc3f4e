using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints;

/// <summary>
/// Reads one checkpoint (a file or a sharded folder) one tensor at a time. Implementations validate every header
/// before allocating anything for it, never execute code found in the file, and throw only
/// <see cref="GpuSpectral.Core.Errors.CheckpointFormatException"/> for bad input.
/// </summary>
public interface ICheckpointReader : IDisposable
{
    /// <summary>The path given to the reader (file or folder).</summary>
    string Path { get; }

    /// <summary>Short format name, for example <c>safetensors</c>, <c>npy</c>, <c>npz</c>.</summary>
    string FormatName { get; }

    /// <summary>
    /// All tensors, in the checkpoint's own order: the order of <c>model.safetensors.index.json</c>'s
    /// <c>weight_map</c> for a sharded folder, the order of the data in the file otherwise (offset order for
    /// safetensors, member order for npz). Headers are already validated when the reader is constructed.
    /// </summary>
    IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>
    /// Decodes one tensor into float64, C (row-major) order. Exact for every supported dtype. NaN and infinity in
    /// the data are passed through unchanged.
    /// </summary>
    /// <param name="tensor">A tensor from <see cref="Tensors"/>.</param>
    /// <param name="destination">At least <see cref="TensorInfo.ElementCount"/> elements.</param>
    /// <exception cref="ArgumentException">The tensor is not from this reader, or the destination is too short.</exception>
    /// <exception cref="GpuSpectral.Core.Errors.CheckpointFormatException">The data cannot be read (for example a
    /// corrupt deflate stream or a file truncated after opening).</exception>
    void ReadAsDouble(TensorInfo tensor, Span<double> destination);
}
