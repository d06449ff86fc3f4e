namespace GpuSpectral.Cli;

/// <summary>An <see cref="IProgress{T}"/> that calls back on the reporting thread (no thread-pool hop).</summary>
internal sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
