using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Core.Planning;

/// <summary>Extracts the matrices of a planned layer from its decoded tensor data.</summary>
public static class SliceExtractor
{
    /// <summary>
    /// Copies slice <paramref name="slice"/> of a layer into <paramref name="destination"/> as a row-major
    /// <see cref="LayerPlan.SliceRows"/> × <see cref="LayerPlan.SliceCols"/> matrix. For a dense layer slice 0 is
    /// the tensor itself (or the selected rows/columns of a part). For Conv2D, slice s = i·kw + j is T[:, :, i, j]
    /// (OutInHW) or T[i, j, :, :] (HWInOut); Conv1D likewise with one kernel axis.
    /// </summary>
    /// <param name="plan">An analysed layer plan.</param>
    /// <param name="tensor">The whole tensor decoded to float64, C order.</param>
    /// <param name="slice">0 ≤ slice &lt; <see cref="LayerPlan.SliceCount"/>.</param>
    /// <param name="destination">At least rows·cols elements.</param>
    /// <exception cref="ArgumentException">Sizes do not match the plan.</exception>
    public static void Copy(LayerPlan plan, ReadOnlySpan<double> tensor, int slice, Span<double> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slice);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slice, plan.SliceCount);
        int rows = plan.SliceRows, cols = plan.SliceCols;
        var size = checked(rows * cols);
        if (tensor.Length < plan.Tensor.ElementCount || destination.Length < size)
        {
            throw new ArgumentException($"buffer sizes do not match layer '{plan.Name}' {plan.Tensor.ShapeText}");
        }

        if (plan.IsPart)
        {
            CopyPart(plan, tensor, destination);
            return;
        }

        switch (plan.Layout)
        {
            case ConvLayout.None:
                tensor[..size].CopyTo(destination);
                break;
            case ConvLayout.OutInHW:
                // element (o, c) of slice s sits at (o·in + c)·rf + s.
                var rf = plan.SliceCount;
                for (var r = 0; r < rows; r++)
                {
                    var src = (long)r * cols * rf + slice;
                    var dst = destination.Slice(r * cols, cols);
                    for (var c = 0; c < cols; c++, src += rf)
                    {
                        dst[c] = tensor[(int)src];
                    }
                }

                break;
            case ConvLayout.HWInOut:
                // slice s is one contiguous in×out block.
                tensor.Slice(slice * size, size).CopyTo(destination);
                break;
            default:
                throw new ArgumentException($"unknown layout {plan.Layout}");
        }
    }

    /// <summary>Gathers the selected rows/columns of a 2-D weight (a part of a fused or gated weight).</summary>
    private static void CopyPart(LayerPlan plan, ReadOnlySpan<double> tensor, Span<double> destination)
    {
        var fullCols = (int)plan.Tensor.Shape[1];
        int rows = plan.SliceRows, cols = plan.SliceCols;
        for (var r = 0; r < rows; r++)
        {
            var srcRow = plan.Rows is { } rs ? rs[r] : r;
            var src = tensor.Slice(srcRow * fullCols, fullCols);
            var dst = destination.Slice(r * cols, cols);
            if (plan.Cols is { } cs)
            {
                for (var c = 0; c < cols; c++)
                {
                    dst[c] = src[cs[c]];
                }
            }
            else
            {
                src.CopyTo(dst);
            }
        }
    }

    /// <summary>
    /// WeightWatcher's normalisation <c>W·norm</c> carried out in the stored precision, as NumPy &lt; 2 does
    /// (a float32 array times a Python float stays float32; BF16 is widened to float32 first; F16 stays F16).
    /// Used only in <see cref="CompatMode.WeightWatcher"/>; our default scales the eigenvalues by norm² exactly.
    /// </summary>
    /// <param name="matrix">Values decoded exactly from <paramref name="stored"/>; scaled in place.</param>
    /// <param name="stored">The tensor's stored dtype.</param>
    /// <param name="norm">The factor (sqrt(1/2) for conv2d_norm).</param>
    public static void ScaleInStoredPrecision(Span<double> matrix, DType stored, double norm)
    {
        switch (stored)
        {
            case DType.F32 or DType.BF16:
                var f = (float)norm;
                for (var i = 0; i < matrix.Length; i++)
                {
                    matrix[i] = (float)matrix[i] * f;
                }

                break;
            case DType.F16:
                var h = (float)(Half)norm;
                for (var i = 0; i < matrix.Length; i++)
                {
                    matrix[i] = (double)(Half)((float)matrix[i] * h);
                }

                break;
            default:
                for (var i = 0; i < matrix.Length; i++)
                {
                    matrix[i] *= norm;
                }

                break;
        }
    }
}
