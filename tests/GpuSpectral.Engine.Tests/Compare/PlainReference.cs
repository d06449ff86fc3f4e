namespace GpuSpectral.Engine.Tests.Compare;

/// <summary>
/// Independent float64 reference for the compare tests: explicit matrices and plain triple loops, written from the
/// formulas of weightwatcher-spec.md §a (<c>distances</c>) without any of the engine's shortcuts.
/// </summary>
internal static class PlainReference
{
    /// <summary>Row-major rows×cols matrix as a 2-D array.</summary>
    public static double[,] Matrix(double[] values, int rows, int cols)
    {
        var m = new double[rows, cols];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                m[r, c] = values[(r * cols) + c];
            }
        }

        return m;
    }

    public static double[,] Transpose(double[,] a)
    {
        var t = new double[a.GetLength(1), a.GetLength(0)];
        for (var r = 0; r < a.GetLength(0); r++)
        {
            for (var c = 0; c < a.GetLength(1); c++)
            {
                t[c, r] = a[r, c];
            }
        }

        return t;
    }

    public static double[,] Multiply(double[,] a, double[,] b)
    {
        var p = new double[a.GetLength(0), b.GetLength(1)];
        for (var i = 0; i < a.GetLength(0); i++)
        {
            for (var j = 0; j < b.GetLength(1); j++)
            {
                double s = 0;
                for (var k = 0; k < a.GetLength(1); k++)
                {
                    s += a[i, k] * b[k, j];
                }

                p[i, j] = s;
            }
        }

        return p;
    }

    /// <summary>a + scale·b, element-wise.</summary>
    public static double[,] Add(double[,] a, double[,] b, double scale)
    {
        var s = new double[a.GetLength(0), a.GetLength(1)];
        for (var i = 0; i < a.GetLength(0); i++)
        {
            for (var j = 0; j < a.GetLength(1); j++)
            {
                s[i, j] = a[i, j] + (scale * b[i, j]);
            }
        }

        return s;
    }

    public static double Frobenius(double[,] a)
    {
        double s = 0;
        foreach (var v in a)
        {
            s += v * v;
        }

        return Math.Sqrt(s);
    }

    /// <summary>The spec's formula literally: ‖AᵀB‖_F / sqrt(‖AᵀA‖_F·‖BBᵀ‖_F), every product formed.</summary>
    public static double Cka(double[,] a, double[,] b) =>
        Frobenius(Multiply(Transpose(a), b))
        / Math.Sqrt(Frobenius(Multiply(Transpose(a), a)) * Frobenius(Multiply(b, Transpose(b))));

    /// <summary>Flattens row-major.</summary>
    public static double[] Flat(double[,] a)
    {
        var f = new double[a.Length];
        var i = 0;
        for (var r = 0; r < a.GetLength(0); r++)
        {
            for (var c = 0; c < a.GetLength(1); c++)
            {
                f[i++] = a[r, c];
            }
        }

        return f;
    }

    /// <summary>Slice (i, j) of a PyTorch conv weight (out, in, kh, kw) stored row-major: the out×in matrix T[:, :, i, j].</summary>
    public static double[,] ConvSlice(double[] t, int outC, int inC, int kh, int kw, int i, int j)
    {
        var m = new double[outC, inC];
        for (var o = 0; o < outC; o++)
        {
            for (var c = 0; c < inC; c++)
            {
                m[o, c] = t[(((((o * inC) + c) * kh) + i) * kw) + j];
            }
        }

        return m;
    }
}
