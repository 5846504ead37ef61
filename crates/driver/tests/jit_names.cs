using System;
using System.Runtime.CompilerServices;
using System.Collections.Generic;
namespace N.M {
enum Color : byte { Red, Green }
struct S { public int X; }
class Outer {
    public class Inner {
        [MethodImpl(MethodImplOptions.NoInlining)] public static int Nested(long a) { return (int)a; }
    }
}
class Box<T> {
    public T V;
    [MethodImpl(MethodImplOptions.NoInlining)] public int Take(T a, Box<T> b, List<T> c) { return 4; }
    public class Nest<U> {
        [MethodImpl(MethodImplOptions.NoInlining)] public int Both(T a, U b) { return 5; }
    }
}
static class P {
    [MethodImpl(MethodImplOptions.NoInlining)] static int Prims(bool a, char b, sbyte c, byte d, short e, ushort f, int g, uint h, long i, ulong j, float k, double l) { return g; }
    [MethodImpl(MethodImplOptions.NoInlining)] static int Natives(IntPtr a, UIntPtr b) { return 1; }
    [MethodImpl(MethodImplOptions.NoInlining)] static unsafe int Ptrs(int* a, void* b) { return 2; }
    [MethodImpl(MethodImplOptions.NoInlining)] static int Refs(ref int a, out long b) { b = 1; return a; }
    [MethodImpl(MethodImplOptions.NoInlining)] static int Objs(string a, object b, int[] c, string[] d, int[,] e, S f, Color g, List<int> h, Dictionary<string, S> i) { return 3; }
    [MethodImpl(MethodImplOptions.NoInlining)] static int Ext(DayOfWeek d, ConsoleColor c, StringComparison s) { return (int)d; }
    [MethodImpl(MethodImplOptions.NoInlining)] static int Inst() { return new Outer.Inner().GetHashCode() > 0 ? 1 : 1; }
    static unsafe int Main(string[] args) {
        long o; int x = 1; int y = 0;
        int r = Prims(true, 'c', 1, 2, 3, 4, 5, 6, 7, 8, 1f, 2d) + Natives(IntPtr.Zero, UIntPtr.Zero) + Ptrs(&y, null) + Refs(ref x, out o)
          + Objs("", null, null, null, null, new S(), Color.Red, null, null) + Outer.Inner.Nested(3) + Inst() + Ext(DayOfWeek.Monday, ConsoleColor.Red, StringComparison.Ordinal);
        r += new Box<string>().Take("", null, null) + new Box<object>.Nest<string>().Both(null, null) + new Box<int>().Take(1, null, null);
        return r > 0 ? 100 : 1;
    }
}
}
