// `ref` to elements of reference-type arrays (ldelema of a class element,
// ECMA-335 III.4.8), precompiled through the runtime's Ldelema_Ref helper:
// swapping through refs, Interlocked.Exchange/CompareExchange on array
// slots, writes through a ref kept across collections, jagged elements,
// and array covariance — a `ref object` into a string[] seen as object[]
// throws ArrayTypeMismatchException, as under the JIT; null arrays and bad
// indices throw too.
// kiln-expect-compiled: Program:Swap(
// kiln-expect-compiled: Program:SwapAt(
// kiln-expect-compiled: Program:Exchange(
// kiln-expect-compiled: Program:Fill(
// kiln-expect-compiled: Program:SetRow(
// kiln-expect-compiled: Program:Assign(
using System;
using System.Threading;
using System.Runtime.CompilerServices;

class Node { public int V; public Node(int v) { V = v; } }

class Program {
    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Swap(ref string a, ref string b) { string t = a; a = b; b = t; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void SwapAt(string[] a, int i, int j) { Swap(ref a[i], ref a[j]); }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static object Exchange(object[] a, int i, object v) {
        object old = Interlocked.Exchange(ref a[i], v);
        Interlocked.CompareExchange(ref a[i], (string)old + "!", v);
        return old;
    }

    static void Put(ref Node slot, int v) {
        for (int k = 0; k < 3000; k++) { object junk = new int[30]; }
        slot = new Node(v);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Fill(Node[] a) { for (int i = 0; i < a.Length; i++) Put(ref a[i], i * i); }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void SetRow(int[][] rows, int i, int n) { Make(ref rows[i], n); }

    static void Make(ref int[] row, int n) { row = new int[n]; row[n - 1] = n; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Assign(object[] a, int i, object v) { Store(ref a[i], v); }

    static void Store(ref object slot, object v) { slot = v; }

    static int Main() {
        string[] s = { "a", "b", "c" };
        SwapAt(s, 0, 2);
        Console.WriteLine(string.Join(",", s));
        object[] o = { "a", "b" };
        Console.WriteLine(Exchange(o, 1, "x") + " " + o[1]);
        Node[] nodes = new Node[6];
        Fill(nodes);
        int sum = 0;
        foreach (Node n in nodes) sum = sum * 10 + n.V % 10;
        Console.WriteLine(sum);
        int[][] rows = new int[3][];
        SetRow(rows, 1, 4);
        Console.WriteLine(rows[1].Length + " " + rows[1][3] + " " + (rows[0] == null));
        object[] objs = new object[2];
        Assign(objs, 1, "o");
        Console.WriteLine(objs[1]);
        object[] covariant = new string[2];
        try { Assign(covariant, 0, "s"); Console.WriteLine("no throw"); }
        catch (ArrayTypeMismatchException) { Console.WriteLine("ArrayTypeMismatchException"); }
        try { Assign(null, 0, "s"); Console.WriteLine("no throw"); }
        catch (NullReferenceException) { Console.WriteLine("NullReferenceException"); }
        try { Assign(objs, 2, "s"); Console.WriteLine("no throw"); }
        catch (IndexOutOfRangeException) { Console.WriteLine("IndexOutOfRangeException"); }
        return 100;
    }
}
