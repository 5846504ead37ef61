// stackalloc (IL localloc): zeroed memory of any size (pages beyond the
// guard page are touched in order), several allocations in one frame, a
// loop of allocations, calls with stack arguments after an allocation (the
// outgoing argument area is reserved again below it), object references
// and longs live across calls in such frames while the GC runs, exceptions
// unwinding through them (the unwinder restores RSP from RBP) and
// recursion through them.
//
// kiln-expect-compiled: Localloc:SumSquares(
// kiln-expect-compiled: Localloc:Big(
// kiln-expect-compiled: Localloc:Two(
// kiln-expect-compiled: Localloc:InLoop(
// kiln-expect-compiled: Localloc:StackArgs(
// kiln-expect-compiled: Localloc:WithRefs(
// kiln-expect-compiled: Localloc:ThrowsThrough(
// kiln-expect-compiled: Localloc:Recurse(
// kiln-expect-compiled: Localloc:Empty(
// kiln-expect-compiled: Localloc:Eight(
using System;

unsafe class Localloc
{
    static int SumSquares(int n)
    {
        int* p = stackalloc int[n];
        int dirty = 0;
        for (int i = 0; i < n; i++)
            dirty |= p[i];
        for (int i = 0; i < n; i++)
            p[i] = i * i;
        int s = 0;
        for (int i = n - 1; i >= 0; i--)
            s += p[i];
        return dirty == 0 ? s : -1;
    }

    static long Big(int bytes)
    {
        byte* p = stackalloc byte[bytes];
        long dirty = 0;
        for (int i = 0; i < bytes; i += 61)
            dirty += p[i];
        for (int i = 0; i < bytes; i++)
            p[i] = (byte)(i * 7);
        long s = 0;
        for (int i = 0; i < bytes; i += 13)
            s += p[i];
        return dirty == 0 ? s : -1;
    }

    static int Two(int a, int b)
    {
        short* x = stackalloc short[a];
        long* y = stackalloc long[b];
        for (int i = 0; i < a; i++)
            x[i] = (short)(i + 1);
        for (int i = 0; i < b; i++)
            y[i] = 1000L * i;
        // The blocks do not overlap.
        int s = 0;
        for (int i = 0; i < a; i++)
            s += x[i];
        for (int i = 0; i < b; i++)
            s += (int)(y[i] / 1000);
        return s;
    }

    static int InLoop(int rounds)
    {
        int total = 0;
        for (int r = 1; r <= rounds; r++)
        {
            int* p = stackalloc int[r];
            for (int i = 0; i < r; i++)
                total += p[i] + i;
        }
        return total;
    }

    static long Eight(long a, long b, long c, long d, long e, long f, long g, long h)
    {
        return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
    }

    static long StackArgs(int n)
    {
        long* p = stackalloc long[n];
        for (int i = 0; i < n; i++)
            p[i] = i + 1;
        long r = Eight(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
        long* q = stackalloc long[n];
        for (int i = 0; i < n; i++)
            q[i] = p[i] * 10;
        r += Eight(q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7]);
        // The first block is intact after the calls and the second block.
        for (int i = 0; i < n; i++)
            r += p[i];
        return r;
    }

    static string WithRefs(int n)
    {
        string head = "start";
        object keep = new int[] { 7, 8, 9 };
        long acc = 123456789012L;
        char* buf = stackalloc char[n];
        for (int i = 0; i < n; i++)
        {
            buf[i] = (char)('a' + i % 26);
            // Garbage: collections while head/keep/acc live in the frame.
            string junk = new string('x', 40 + i % 7) + i;
            acc += junk.Length;
        }
        string s = new string(buf, 0, n);
        int[] k = (int[])keep;
        return head + ":" + s.Substring(0, 5) + ":" + s.Length + ":" + (k[0] + k[2]) + ":" + acc;
    }

    static void Thrower(int v)
    {
        if (v > 2)
            throw new InvalidOperationException("deep " + v);
    }

    static int ThrowsThrough(int n)
    {
        int* p = stackalloc int[n * 100 + 1];
        p[0] = n;
        Thrower(n);
        return p[0] + 1;
    }

    static int Recurse(int depth)
    {
        if (depth == 0)
            return 0;
        int* p = stackalloc int[depth + 3];
        for (int i = 0; i < depth + 3; i++)
            p[i] = depth;
        int below = Recurse(depth - 1);
        int s = 0;
        for (int i = 0; i < depth + 3; i++)
            s += p[i];
        return s + below;
    }

    static int Empty(int n)
    {
        byte* p = stackalloc byte[n];
        int s = 0;
        for (int i = 0; i < n; i++)
            s += p[i] + 1;
        return s;
    }

    static int Main()
    {
        int fails = 0;
        int ss = SumSquares(10);
        Console.WriteLine("SumSquares(10) = " + ss);
        if (ss != 285) fails++;
        Console.WriteLine("SumSquares(1000) = " + SumSquares(1000));
        for (int k = 0; k < 3; k++)
        {
            long b = Big(100000);
            Console.WriteLine("Big(100000) = " + b);
            if (b < 0) fails++;
            // Dirty the stack below, then allocate again: must read zeroes.
            Console.WriteLine("Big(5000) = " + Big(5000));
        }
        Console.WriteLine("Two(5, 7) = " + Two(5, 7));
        Console.WriteLine("InLoop(20) = " + InLoop(20));
        Console.WriteLine("StackArgs(8) = " + StackArgs(8));
        for (int k = 0; k < 50; k++)
        {
            string w = WithRefs(30 + k);
            if (k % 10 == 0)
                Console.WriteLine("WithRefs = " + w);
        }
        int caught = 0;
        for (int k = 0; k < 6; k++)
        {
            try
            {
                Console.WriteLine("ThrowsThrough(" + k + ") = " + ThrowsThrough(k));
            }
            catch (InvalidOperationException e)
            {
                caught++;
                Console.WriteLine("caught " + e.Message);
            }
        }
        if (caught != 3) fails++;
        int rec = Recurse(40);
        Console.WriteLine("Recurse(40) = " + rec);
        Console.WriteLine("Empty(0) = " + Empty(0) + ", Empty(3) = " + Empty(3));
        Console.WriteLine(fails == 0 ? "ok" : "FAIL " + fails);
        return fails == 0 ? 100 : 1;
    }
}
