namespace GpuSpectral.Checkpoints.Zip;

/// <summary>One ZIP member, resolved from the central directory and checked against its local header.</summary>
/// <param name="Name">Member name (UTF-8, no NUL, unique). Never used as a filesystem path.</param>
/// <param name="Method">0 (stored) or 8 (deflate).</param>
/// <param name="CompressedSize">Bytes of member data in the archive.</param>
/// <param name="UncompressedSize">Declared bytes after decompression (equal to CompressedSize when stored).</param>
/// <param name="DataStart">File offset of the first data byte (after the local header).</param>
internal sealed record ZipEntry(string Name, int Method, long CompressedSize, long UncompressedSize, long DataStart);
