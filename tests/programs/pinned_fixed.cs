// `fixed` statements and pointers, precompiled: arrays pinned through a
// `ref byte pinned` local (mcs's null/empty check merges a native int 0
// with the element's address), strings pinned through a `string pinned`
// local (conv.i + OffsetToStringData), pointer arithmetic and writes, and
// `&local` passed for pointer parameters. Churn() allocates enough to
// collect while the raw pointers are in use: under
// DOTNET_GCgen0size=0x10000 an unpinned object would move under them, so
// this checks that kiln reports its pinned slots pinned.
// kiln-expect-compiled: Program:SumBytes(
// kiln-expect-compiled: Program:CountChar(
// kiln-expect-compiled: Program:Scale(
// kiln-expect-compiled: Program:Swap(
// kiln-expect-compiled: Program:Twice(
using System;
using System.Runtime.CompilerServices;

unsafe class Program {
    static object[] keep = new object[32];

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Churn() {
        for (int i = 0; i < 20000; i++) keep[i & 31] = new int[40];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static long SumBytes(byte[] a) {
        long s = 0;
        fixed (byte* p = a) {
            Churn();
            if (a == null) return -1;
            for (int i = 0; i < a.Length; i++) {
                s = s * 7 + p[i];
                if (i % 64 == 63) Churn();
            }
        }
        return s;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int CountChar(string s, char c) {
        int n = 0;
        fixed (char* p = s) {
            Churn();
            for (int i = 0; i < s.Length; i++) {
                if (p[i] == c) { n++; Churn(); }
            }
        }
        return n;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Scale(int[] a, int k) {
        fixed (int* p = a) {
            int* q = p;
            int* end = p + a.Length;
            while (q < end) { *q = *q * k; q++; if (((long)q & 0xff) == 0) Churn(); }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Swap(int* x, int* y) { int t = *x; *x = *y; *y = t; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int Twice(int a, int b) {
        Swap(&a, &b);
        int c = a * 10;
        Swap(&c, &b);
        return a * 10000 + b * 100 + c;
    }

    static int Main() {
        byte[] b = new byte[300];
        for (int i = 0; i < b.Length; i++) b[i] = (byte)(i * 31);
        Console.WriteLine(SumBytes(b));
        Console.WriteLine(SumBytes(new byte[0]));
        Console.WriteLine(SumBytes(null));
        Console.WriteLine(CountChar("pinned strings stay put while the collector runs", 's'));
        Console.WriteLine(CountChar("", 's'));
        int[] a = new int[500];
        for (int i = 0; i < a.Length; i++) a[i] = i - 250;
        Scale(a, 3);
        long t = 0;
        foreach (int v in a) t = t * 3 + v;
        Console.WriteLine(t);
        Console.WriteLine(Twice(4, 7));
        return 100;
    }
}
