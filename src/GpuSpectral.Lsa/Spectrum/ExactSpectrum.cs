using System.Globalization;
using GpuSpectral.Compute;
using GpuSpectral.Compute.Cpu;
using GpuSpectral.Compute.Gpu;
using GpuSpectral.Lsa.Results;

namespace GpuSpectral.Lsa.Spectrum;

/// <summary>
/// Every eigenvalue of the smaller Gram matrix of X (dense Gram + LAPACK), alone (<see cref="Compute"/>:
/// <c>dsyevd</c>, JOBZ='N') or together with the top eigenpairs from the same tridiagonal reduction
/// (<see cref="ComputeWithPairs"/>: <c>dsytrd</c> + <c>dsterf</c> + <c>dstemr</c> + <c>dormtr</c>).
/// </summary>
public static class ExactSpectrum
{
    /// <summary>Above this order the managed fallback solver gets a size warning (it needs minutes).</summary>
    public const int ManagedWarningOrder = 1500;

    /// <summary>
    /// The symmetric solver for <paramref name="kind"/> (LAPACK, or the managed MathNet EVD when
    /// <see cref="EigenBackendKind.Auto"/> cannot load LAPACK; cuSOLVER syevd on the first CUDA GPU for
    /// <see cref="EigenBackendKind.Cuda"/>). Auto stays on the CPU, as in <c>analyze</c>. <paramref name="warn"/> receives the fallback
    /// warning, and a size warning when the managed solver gets an order above <see cref="ManagedWarningOrder"/>.
    /// </summary>
    /// <param name="kind">Backend wanted.</param>
    /// <param name="order">Order of the matrices it will solve (for the size warning).</param>
    /// <param name="warn">Receives one-line warnings; may be null.</param>
    /// <exception cref="InvalidOperationException">LAPACK was required but cannot be loaded, or
    /// <see cref="EigenBackendKind.Cuda"/> was asked for and there is no CUDA device or no cuSOLVER (the message says
    /// which). The cuda solver (<see cref="CusolverSymmetricEigenSolver"/>) owns the device: dispose it.</exception>
    public static ISymmetricEigenSolver CreateSolver(EigenBackendKind kind, int order, Action<string>? warn)
    {
        if (kind == EigenBackendKind.Cuda)
        {
            return CusolverSymmetricEigenSolver.Create(order);
        }

        var backend = EigenBackends.Create(kind, warn);
        var solver = backend as ISymmetricEigenSolver ?? new ManagedEigenBackend();
        if (solver is ManagedEigenBackend && order > ManagedWarningOrder)
        {
            warn?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"warning: the managed eigen solver on a {order}² Gram matrix is O(n³) managed code and may take " +
                $"a very long time (hours at n≈10⁴); {EigenBackends.InstallHint}."));
        }

        return solver;
    }

    /// <summary>All eigenvalues of <paramref name="gram"/>, as an exact <see cref="LsaSpectrum"/>.</summary>
    /// <param name="gram">Gram matrix from <see cref="SparseGram.Compute"/>; left unchanged.</param>
    /// <param name="solver">Symmetric eigen-solver.</param>
    /// <returns>Exact = true; <see cref="LsaSpectrum.Eigenvalues"/> ascending, all Order of them (the smallest can be
    /// ≈ −n·eps·λmax from round-off, returned as computed); Trace = Σ diag(G) = ‖X‖²_F.</returns>
    /// <exception cref="ArithmeticException">G holds NaN/∞ or the solver failed.</exception>
    public static LsaSpectrum Compute(GramMatrix gram, ISymmetricEigenSolver solver)
    {
        var values = solver.Eigenvalues(gram.Values, gram.Order);
        return new LsaSpectrum
        {
            Eigenvalues = values,
            Exact = true,
            Method = Describe(gram, solver, 0),
            Backend = solver.Name,
            Dimension = gram.Order,
            Trace = gram.Trace(),
        };
    }

    /// <summary>
    /// All eigenvalues of <paramref name="gram"/> and its top <paramref name="count"/> eigenpairs (clamped to the
    /// order) from ONE reduction (<see cref="ISymmetricEigenSolver.EigenvaluesAndTopEigenpairs"/>): what
    /// <see cref="Compute"/> + <see cref="TopEigenpairs"/> return, at the cost of one tridiagonalisation instead of two.
    /// </summary>
    /// <param name="gram">Gram matrix from <see cref="SparseGram.Compute"/>; left unchanged.</param>
    /// <param name="solver">Symmetric eigen-solver.</param>
    /// <param name="count">How many eigenpairs (largest first); 0 for none.</param>
    /// <exception cref="ArithmeticException">G holds NaN/∞ or the solver failed.</exception>
    public static (LsaSpectrum Spectrum, GramEigenpairs Pairs) ComputeWithPairs(
        GramMatrix gram, ISymmetricEigenSolver solver, int count)
    {
        var k = Math.Clamp(count, 0, gram.Order);
        var (values, top, vectors) = solver.EigenvaluesAndTopEigenpairs(gram.Values, gram.Order, k);
        var spectrum = new LsaSpectrum
        {
            Eigenvalues = values,
            Exact = true,
            Method = Describe(gram, solver, k),
            Backend = solver.Name,
            Dimension = gram.Order,
            Trace = gram.Trace(),
        };
        return (spectrum, new GramEigenpairs(top, vectors, gram.Order, gram.Side));
    }

    /// <summary>The top <paramref name="count"/> eigenpairs of <paramref name="gram"/> (LAPACK <c>dsyevr</c>,
    /// RANGE='I'); <paramref name="count"/> is clamped to the order.</summary>
    /// <exception cref="ArithmeticException">The solver failed.</exception>
    public static GramEigenpairs TopEigenpairs(GramMatrix gram, ISymmetricEigenSolver solver, int count)
    {
        var k = Math.Clamp(count, 0, gram.Order);
        var (values, vectors) = solver.TopEigenpairs(gram.Values, gram.Order, k);
        return new GramEigenpairs(values, vectors, gram.Order, gram.Side);
    }

    private static string Describe(GramMatrix gram, ISymmetricEigenSolver solver, int vectors)
    {
        var product = gram.Side == GramSide.Documents ? "XXᵀ" : "XᵀX";
        var gb = 8.0 * gram.Order * gram.Order / 1e9;
        var how = solver switch
        {
            CusolverSymmetricEigenSolver c when vectors > 0 =>
                $"{c.Description}, JOBZ='V' (every eigenpair on the GPU, the top {vectors} vectors copied back)",
            CusolverSymmetricEigenSolver c => $"{c.Description}, JOBZ='N'",
            _ when solver.Name != "lapack" => "MathNet managed EVD",
            _ when vectors > 0 => $"LAPACK dsytrd + dsterf (top {vectors} vectors: dstemr + dormtr)",
            _ => "LAPACK dsyevd",
        };
        return string.Create(CultureInfo.InvariantCulture,
            $"dense Gram {product} {gram.Order}² ({gb:0.###} GB, float64, from sparse X) + {how}");
    }
}
