using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Core.Planning;

/// <summary>Matrix geometry (slices, rows, columns, N, M, rf) of dense and convolution tensors.</summary>
internal static class LayerGeometry
{
    public static LayerPlan Matrix(LayerPlan p)
    {
        var rows = (int)p.Tensor.Shape[0];
        var cols = (int)p.Tensor.Shape[1];
        return p with
        {
            N = Math.Max(rows, cols), M = Math.Min(rows, cols), Rf = 1, SliceCount = 1,
            SliceRows = rows, SliceCols = cols, NumEvals = Math.Min(rows, cols),
        };
    }

    /// <summary>A 4-D (Conv2D) or 3-D (Conv1D, or an ONNX recurrent weight [dirs, gates·H, in]) kernel.</summary>
    public static LayerPlan Conv(LayerPlan p, PlanOptions o)
    {
        var s = p.Tensor.Shape.Select(d => (int)d).ToArray();
        bool torch;
        int rows, cols, rf;
        if (s.Length == 4)
        {
            // WeightWatcher's layout test, unless the file states the layout: PyTorch when out + in >= kh + kw.
            torch = p.Tensor.Layout switch
            {
                WeightLayout.PyTorch => true,
                WeightLayout.Keras => false,
                _ => (long)s[0] + s[1] >= (long)s[2] + s[3],
            };
            (rows, cols, rf) = torch ? (s[0], s[1], checked(s[2] * s[3])) : (s[2], s[3], checked(s[0] * s[1]));
        }
        else if (p.Type == LayerType.Recurrent)
        {
            // ONNX LSTM/GRU/RNN W or R: [num_directions, gates·H, in]: one contiguous matrix per direction.
            (torch, rows, cols, rf) = (false, s[1], s[2], s[0]);
        }
        else
        {
            torch = p.Tensor.Layout switch
            {
                WeightLayout.PyTorch => true,
                WeightLayout.Keras => false,
                _ => (long)s[0] + s[1] >= s[2],
            };
            (rows, cols, rf) = torch ? (s[0], s[1], s[2]) : (s[1], s[2], s[0]);
        }

        int n = Math.Max(rows, cols), m = Math.Min(rows, cols);
        if (o.Compat == CompatMode.WeightWatcher && rows < cols && rf % 2 == 0)
        {
            // WW toggles N and M at every transposed slice: an even count leaves them swapped (WW:1277).
            (n, m) = (m, n);
        }

        return p with
        {
            N = n, M = m, Rf = rf, SliceCount = rf, SliceRows = rows, SliceCols = cols,
            NumEvals = checked(Math.Min(rows, cols) * rf),
            Layout = torch ? ConvLayout.OutInHW : ConvLayout.HWInOut,
            // conv2d_norm scales W by sqrt(conv2d_count/2): count 1 pooled, rf per slice with pool=False (WW:2862).
            EvalScale = p.Type == LayerType.Conv2D && o.Conv2DNorm ? (o.Pool ? 0.5 : rf / 2.0) : 1.0,
        };
    }
}
