namespace GpuSpectral.Core.Tensors;

/// <summary>The axis convention a weight tensor is stored in, when the file says so.</summary>
public enum WeightLayout
{
    /// <summary>Not known from the file: layer planning uses WeightWatcher's shape heuristic.</summary>
    Unknown,

    /// <summary>PyTorch/ONNX: Linear (out, in), Conv1d (out, in/g, k), Conv2d (out, in/g, kh, kw).</summary>
    PyTorch,

    /// <summary>Keras/TF/TF.js: Dense (in, out), Conv1D (k, in/g, out), Conv2D (kh, kw, in/g, out),
    /// DepthwiseConv2D (kh, kw, in, multiplier).</summary>
    Keras,
}
