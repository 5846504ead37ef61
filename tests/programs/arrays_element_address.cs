// ldelema of integer arrays: element addresses passed to ref parameters and
// Interlocked, bounds and null checks from precompiled code.
using System;
using System.Threading;
class Program
{
    static void Swap(ref int a, ref int b) { int t = a; a = b; b = t; }
    static void Reverse(int[] a) { for (int i = 0, j = a.Length - 1; i < j; i++, j--) Swap(ref a[i], ref a[j]); }
    static void Count(long[] counts, int[] keys) { for (int i = 0; i < keys.Length; i++) Interlocked.Increment(ref counts[keys[i]]); }
    static void Twice(ref byte b) { b = (byte)(b * 2); }
    static void SwapAt(int[] a, int i, int j) { Swap(ref a[i], ref a[j]); }
    static int Main()
    {
        int[] a = new int[7];
        for (int i = 0; i < a.Length; i++) a[i] = i * i;
        Reverse(a);
        for (int i = 0; i < a.Length; i++) Console.WriteLine(a[i]);
        long[] counts = new long[4];
        int[] keys = new int[100];
        for (int i = 0; i < keys.Length; i++) keys[i] = (i * 7) % 4;
        Count(counts, keys);
        for (int i = 0; i < counts.Length; i++) Console.WriteLine(counts[i]);
        byte[] bs = new byte[3]; bs[1] = 200;
        Twice(ref bs[1]);
        Console.WriteLine(bs[1]);
        Console.WriteLine(Errors());
        return 100;
    }
    static int Errors()
    {
        int c = 0;
        try { SwapAt(new int[2], 0, 2); } catch (IndexOutOfRangeException) { c++; }
        try { SwapAt(new int[2], -1, 0); } catch (IndexOutOfRangeException) { c += 100; }
        try { Reverse(null); } catch (NullReferenceException) { c += 10; }
        return c;
    }
}
