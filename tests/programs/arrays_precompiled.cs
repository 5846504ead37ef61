// Arrays kiln compiles: newarr (TypeHandle of the array type + NewArray
// helper) of primitives, strings, objects and classes; ldlen; bounds-checked
// ldelem/stelem of every integer width; stelem.ref through the StelemRef
// helper; IndexOutOfRange, NullReference, ArrayTypeMismatch and Overflow
// exceptions raised by precompiled code. Runs under GC stress too.
using System;
class Item { public int V; public Item(int v) { V = v; } }
class Program {
    static int[] Squares(int n) { int[] a = new int[n]; for (int i = 0; i < a.Length; i++) a[i] = i * i; return a; }
    static long Sum(int[] a) { long s = 0; for (int i = 0; i < a.Length; i++) s += a[i]; return s; }
    static int Bytes() { byte[] b = new byte[300]; for (int i = 0; i < b.Length; i++) b[i] = (byte)i; int s = 0; for (int i = 0; i < b.Length; i++) s += b[i]; return s; }
    static long Mixed() { sbyte[] sb = new sbyte[4]; sb[0] = -5; short[] sh = new short[2]; sh[1] = -300; char[] c = new char[3]; c[2] = 'z'; long[] l = new long[2]; l[1] = 1L << 40; bool[] f = new bool[2]; f[1] = true; return sb[0] + sh[1] + c[2] + l[1] + (f[1] ? 1 : 0) + (f[0] ? 100 : 0); }
    static Item[] Items(int n) { Item[] a = new Item[n]; for (int i = 0; i < n; i++) a[i] = new Item(i); return a; }
    static int SumItems(Item[] a) { int s = 0; for (int i = 0; i < a.Length; i++) s += a[i].V; return s; }
    static string Pick(string[] s, int i) { return s[i]; }
    static object[] Objs() { object[] o = new object[3]; o[0] = "x"; o[2] = new Item(5); return o; }
    static int Get(int[] a, int i) { return a[i]; }
    static void PutStr(object[] o, int i, object v) { o[i] = v; }
    static int Main() {
        Console.WriteLine(Sum(Squares(100)));
        Console.WriteLine(Bytes());
        Console.WriteLine(Mixed());
        Item[] it = Items(1000);
        GC.Collect();
        for (int k = 0; k < 50; k++) { Item[] g = Items(200); }
        Console.WriteLine(SumItems(it));
        string[] ss = new string[2]; ss[0] = "a"; ss[1] = "bb";
        Console.WriteLine(Pick(ss, 1));
        object[] o = Objs(); Console.WriteLine(o[1] == null);
        Console.WriteLine(Errors());
        return 100;
    }
    static int Errors() {
        int c = 0;
        try { Get(new int[3], 3); } catch (IndexOutOfRangeException) { c++; }
        try { Get(new int[3], -1); } catch (IndexOutOfRangeException) { c += 10; }
        try { Get(null, 0); } catch (NullReferenceException) { c += 100; }
        try { PutStr(new string[2], 0, new Item(1)); } catch (ArrayTypeMismatchException) { c += 1000; }
        try { PutStr(new object[2], 2, null); } catch (IndexOutOfRangeException) { c += 10000; }
        try { Squares(-1); } catch (OverflowException) { c += 100000; }
        return c;
    }
}
