// Code-quality kernels for `cargo xtask bench` (xtask/src/bench_code.rs).
// Each kernel is run twice (the first run pays for any JIT compilation and
// class initialisation); the second is timed. Output, one line per kernel:
//   <name> <checksum> <milliseconds>
// The checksums must be equal under the JIT and from kiln's image.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

abstract class Shape { public abstract double Area(); }
sealed class Sq : Shape { double s; public Sq(double s) { this.s = s; } public override double Area() { return s * s; } }
sealed class Rect : Shape { double w, h; public Rect(double w, double h) { this.w = w; this.h = h; } public override double Area() { return w * h; } }
sealed class Tri : Shape { double b, h; public Tri(double b, double h) { this.b = b; this.h = h; } public override double Area() { return 0.5 * b * h; } }

interface ICounter { int Step(int x); }
sealed class AddOne : ICounter { public int Step(int x) { return x + 1; } }
sealed class Twice : ICounter { public int Step(int x) { return x * 2 & 0xFFFF; } }
sealed class Xor : ICounter { public int Step(int x) { return x ^ 0x55; } }

sealed class Node { public Node L, R; public Node(Node l, Node r) { L = l; R = r; } }

sealed class Desc : IComparer<int> { public int Compare(int a, int b) { return b.CompareTo(a); } }

static class Kernels {
    public static long Sieve(int n) {
        long total = 0;
        for (int rep = 0; rep < 40; rep++) {
            bool[] composite = new bool[n + 1];
            int count = 0;
            for (int i = 2; i <= n; i++) {
                if (composite[i]) continue;
                count++;
                for (int j = i * 2; j <= n; j += i) composite[j] = true;
            }
            total += count;
        }
        return total;
    }

    public static long NBody(int steps) {
        double[] x = { 0, 4.84, 8.34, 12.89, 15.37 }, y = { 0, -1.16, 4.12, -15.11, -25.91 };
        double[] vx = { 0, 0.606, -1.01, 1.08, 0.979 }, vy = { 0, 2.81, 1.82, 0.868, 0.594 };
        double[] m = { 39.47, 0.037, 0.011, 0.0017, 0.002 };
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < 5; i++)
                for (int j = i + 1; j < 5; j++) {
                    double dx = x[i] - x[j], dy = y[i] - y[j];
                    double d2 = dx * dx + dy * dy + 0.01;
                    double mag = 0.01 / (d2 * Math.Sqrt(d2));
                    vx[i] -= dx * m[j] * mag; vy[i] -= dy * m[j] * mag;
                    vx[j] += dx * m[i] * mag; vy[j] += dy * m[i] * mag;
                }
            for (int i = 0; i < 5; i++) { x[i] += 0.01 * vx[i]; y[i] += 0.01 * vy[i]; }
        }
        double e = 0;
        for (int i = 0; i < 5; i++) e += m[i] * (vx[i] * vx[i] + vy[i] * vy[i]);
        return (long)(e * 1e9);
    }

    static Node Tree(int depth) { return depth == 0 ? new Node(null, null) : new Node(Tree(depth - 1), Tree(depth - 1)); }
    static int Check(Node n) { return n.L == null ? 1 : 1 + Check(n.L) + Check(n.R); }
    public static long BinaryTrees(int depth) {
        long total = 0;
        for (int d = 4; d <= depth; d += 2) {
            int iterations = 1 << (depth - d + 4);
            for (int i = 0; i < iterations; i++) total += Check(Tree(d));
        }
        return total;
    }

    public static long Fannkuch(int n) {
        int[] perm = new int[n], perm1 = new int[n], count = new int[n];
        int maxFlips = 0, checksum = 0, permCount = 0, r = n;
        for (int i = 0; i < n; i++) perm1[i] = i;
        while (true) {
            for (; r != 1; r--) count[r - 1] = r;
            for (int i = 0; i < n; i++) perm[i] = perm1[i];
            int flips = 0, k;
            while ((k = perm[0]) != 0) {
                for (int i = 0, j = k; i < j; i++, j--) { int t = perm[i]; perm[i] = perm[j]; perm[j] = t; }
                flips++;
            }
            if (flips > maxFlips) maxFlips = flips;
            checksum += (permCount & 1) == 0 ? flips : -flips;
            while (true) {
                if (r == n) return checksum * 1000L + maxFlips;
                int p0 = perm1[0];
                for (int i = 0; i < r; i++) perm1[i] = perm1[i + 1];
                perm1[r] = p0;
                if (--count[r] > 0) break;
                r++;
            }
            permCount++;
        }
    }

    static double A(int i, int j) { return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1); }
    static void MulAv(double[] v, double[] av) {
        for (int i = 0; i < v.Length; i++) { double s = 0; for (int j = 0; j < v.Length; j++) s += A(i, j) * v[j]; av[i] = s; }
    }
    static void MulAtv(double[] v, double[] atv) {
        for (int i = 0; i < v.Length; i++) { double s = 0; for (int j = 0; j < v.Length; j++) s += A(j, i) * v[j]; atv[i] = s; }
    }
    public static long SpectralNorm(int n) {
        double[] u = new double[n], v = new double[n], t = new double[n];
        for (int i = 0; i < n; i++) u[i] = 1;
        for (int i = 0; i < 10; i++) { MulAv(u, t); MulAtv(t, v); MulAv(v, t); MulAtv(t, u); }
        double vbv = 0, vv = 0;
        for (int i = 0; i < n; i++) { vbv += u[i] * v[i]; vv += v[i] * v[i]; }
        return (long)(Math.Sqrt(vbv / vv) * 1e9);
    }

    public static long Mandelbrot(int size) {
        long inside = 0;
        for (int py = 0; py < size; py++)
            for (int px = 0; px < size; px++) {
                double cr = 2.0 * px / size - 1.5, ci = 2.0 * py / size - 1.0, zr = 0, zi = 0;
                int it = 0;
                while (it < 50 && zr * zr + zi * zi <= 4.0) { double t = zr * zr - zi * zi + cr; zi = 2 * zr * zi + ci; zr = t; it++; }
                if (it == 50) inside++;
            }
        return inside;
    }

    public static long StringBuilding(int n) {
        long total = 0;
        for (int rep = 0; rep < 20; rep++) {
            var sb = new StringBuilder();
            for (int i = 0; i < n; i++) { sb.Append(i % 10); if (i % 64 == 0) sb.Append(','); }
            total += sb.Length;
        }
        return total;
    }

    public static long DictionaryLookups(int n) {
        var d = new Dictionary<int, int>();
        for (int i = 0; i < n; i++) d[i * 7] = i;
        long hits = 0;
        for (int rep = 0; rep < 20; rep++)
            for (int i = 0; i < n * 2; i++) { int v; if (d.TryGetValue(i, out v)) hits += v; }
        return hits;
    }

    public static long VirtualCalls(int n) {
        Shape[] shapes = { new Sq(1.5), new Rect(2, 3), new Tri(4, 5), new Sq(0.5) };
        double total = 0;
        for (int i = 0; i < n; i++) total += shapes[i & 3].Area();
        return (long)total;
    }

    public static long InterfaceCalls(int n) {
        ICounter[] cs = { new AddOne(), new Twice(), new Xor() };
        int x = 1;
        for (int i = 0; i < n; i++) x = cs[i % 3].Step(x);
        return x;
    }

    public static long MatrixMultiply(int n) {
        int[][] a = new int[n][], b = new int[n][], c = new int[n][];
        for (int i = 0; i < n; i++) {
            a[i] = new int[n]; b[i] = new int[n]; c[i] = new int[n];
            for (int j = 0; j < n; j++) { a[i][j] = i + j; b[i][j] = i - j; }
        }
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++) {
                int aik = a[i][k];
                int[] bk = b[k], ci = c[i];
                for (int j = 0; j < n; j++) ci[j] += aik * bk[j];
            }
        long sum = 0;
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) sum += c[i][j];
        return sum;
    }

    public static long SortWithComparer(int n) {
        int[] data = new int[n];
        uint seed = 12345;
        long total = 0;
        for (int rep = 0; rep < 5; rep++) {
            for (int i = 0; i < n; i++) { seed = seed * 1664525 + 1013904223; data[i] = (int)(seed >> 8); }
            Array.Sort(data, new Desc());
            total += data[0] - data[n - 1] + data[n / 2];
        }
        return total;
    }

    public static long Checksum(int n) {
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) data[i] = (byte)(i * 31 + (i >> 3));
        uint a = 1, b = 0;
        for (int rep = 0; rep < 20; rep++)
            for (int i = 0; i < data.Length; i++) { a = (a + data[i]) % 65521; b = (b + a) % 65521; }
        uint crc = 0xFFFFFFFF;
        for (int i = 0; i < data.Length; i++) {
            crc ^= data[i];
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320 & (uint)-(int)(crc & 1));
        }
        return ((long)b << 16 | a) ^ crc;
    }
}

static class Program {
    delegate long Kernel(int n);

    static void Run(string name, Kernel k, int n) {
        k(n / 10 + 1);
        var sw = Stopwatch.StartNew();
        long checksum = k(n);
        sw.Stop();
        Console.WriteLine(name + " " + checksum + " " + sw.Elapsed.TotalMilliseconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture));
    }

    static int Main() {
        Run("sieve", Kernels.Sieve, 200000);
        Run("nbody", Kernels.NBody, 2000000);
        Run("binary_trees", Kernels.BinaryTrees, 14);
        Run("fannkuch", Kernels.Fannkuch, 10);
        Run("spectral_norm", Kernels.SpectralNorm, 1000);
        Run("mandelbrot", Kernels.Mandelbrot, 1000);
        Run("string_building", Kernels.StringBuilding, 400000);
        Run("dictionary", Kernels.DictionaryLookups, 200000);
        Run("virtual_calls", Kernels.VirtualCalls, 20000000);
        Run("interface_calls", Kernels.InterfaceCalls, 20000000);
        Run("matrix_multiply", Kernels.MatrixMultiply, 400);
        Run("sort_comparer", Kernels.SortWithComparer, 200000);
        Run("checksum", Kernels.Checksum, 500000);
        return 100;
    }
}
