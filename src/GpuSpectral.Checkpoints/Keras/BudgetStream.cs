namespace GpuSpectral.Checkpoints.Keras;

/// <summary>
/// A read-only, seekable view of a stream that charges every read against a byte budget and fails once it is spent.
/// PureHDF walks B-trees and heaps by following file offsets; a hostile file can make such a walk cycle forever.
/// Every step of a walk reads bytes, so a budget per operation turns a cycle into an error.
/// </summary>
internal sealed class BudgetStream : Stream
{
    /// <summary>Bytes charged for a read call on top of the bytes it returns (so empty reads also cost).</summary>
    private const long CallCost = 64;

    private readonly Stream _inner;
    private long _remaining;

    public BudgetStream(Stream inner) => _inner = inner;

    /// <summary>Set to true once the budget ran out (the exception may be wrapped by the HDF5 library).</summary>
    public bool Exhausted { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    /// <summary>Starts a new operation that may read up to <paramref name="bytes"/> bytes.</summary>
    public void Reset(long bytes)
    {
        _remaining = bytes;
        Exhausted = false;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        Charge(buffer.Length);
        return _inner.Read(buffer);
    }

    public override int ReadByte()
    {
        Charge(1);
        return _inner.ReadByte();
    }

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Charge(int count)
    {
        _remaining -= count + CallCost;
        if (_remaining < 0)
        {
            Exhausted = true;
            throw new IOException("HDF5 read budget exhausted");
        }
    }
}
