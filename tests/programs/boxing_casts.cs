// Boxing/unboxing and casts: box every primitive and a struct, unbox to the
// exact type, Nullable boxing, is/as/castclass on classes, interfaces and
// arrays, InvalidCastException, enum boxing, object equality of boxes.
using System;
using System.Collections;
using System.Collections.Generic;

interface IHasId { int Id { get; } }
class A { }
class B : A, IHasId { public int Id { get { return 2; } } }
class C : B { }
struct S : IHasId { public int V; public int Id { get { return V; } } }
enum E : byte { X = 1, Y = 2 }

static class BoxingCasts
{
    static int failures;
    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static string Kind(object o)
    {
        if (o == null) return "null";
        if (o is int) return "int:" + (int)o;
        if (o is long) return "long:" + (long)o;
        if (o is double) return "double:" + (double)o;
        if (o is string) return "string:" + (string)o;
        if (o is E) return "E:" + o;
        if (o is S) return "S:" + ((S)o).V;
        if (o is C) return "C";
        if (o is B) return "B";
        if (o is A) return "A";
        if (o is int[]) return "int[]:" + ((int[])o).Length;
        if (o is Array) return "array";
        return "other:" + o.GetType().Name;
    }

    static bool Throws(Func<object> f)
    {
        try { f(); return false; }
        catch (InvalidCastException) { return true; }
    }

    static int Main()
    {
        object[] boxes = { 1, 2L, 3.5, "four", E.Y, new S { V = 6 }, new C(), new B(), new A(), new int[7], new string[1], 'c', null };
        string kinds = "";
        foreach (object o in boxes) kinds += Kind(o) + " ";
        Console.WriteLine(kinds);
        Check(kinds == "int:1 long:2 double:3.5 string:four E:Y S:6 C B A int[]:7 array other:Char null ", "is chain");

        // Unboxing must match the exact type.
        object bi = 42;
        Check((int)bi == 42, "unbox int");
        Check(Throws(() => (long)bi), "unbox int as long");
        Check(Throws(() => (short)bi), "unbox int as short");
        object be = E.X;
        Check((E)be == E.X && (byte)(E)be == 1, "unbox enum");
        Check((byte)be == 1, "unbox enum as its underlying type");
        Check(Throws(() => (int)be), "unbox byte-enum as int");

        // Every primitive boxes and compares by value.
        object[] prims = { (sbyte)-1, (byte)2, (short)-3, (ushort)4, -5, 6u, -7L, 8ul, 9.5f, 10.25, 'k', true, 12.5m, new IntPtr(13) };
        object[] again = { (sbyte)-1, (byte)2, (short)-3, (ushort)4, -5, 6u, -7L, 8ul, 9.5f, 10.25, 'k', true, 12.5m, new IntPtr(13) };
        int equal = 0;
        for (int i = 0; i < prims.Length; i++)
            if (prims[i].Equals(again[i]) && !ReferenceEquals(prims[i], again[i])) equal++;
        Check(equal == prims.Length, "boxed equality " + equal);
        Check(!((object)1).Equals((object)1L), "boxes of different types differ");

        // Nullable boxing: null stays null, a value boxes to the underlying type.
        int? ni = null;
        object bn = ni;
        Check(bn == null, "boxed empty nullable is null");
        ni = 5;
        bn = ni;
        Check(bn is int && (int)bn == 5, "boxed nullable is a boxed int");
        int? back = (int?)bn;
        Check(back == 5 && (int?)(object)null == null, "unbox to nullable");

        // Struct boxes are copies; interface calls on boxes.
        S s = new S { V = 3 };
        object bs = s;
        s.V = 4;
        Check(((S)bs).V == 3 && ((IHasId)bs).Id == 3, "struct box copy");
        IHasId viaIface = s;
        Check(viaIface.Id == 4, "boxing conversion to interface");

        // Class casts.
        A a = new C();
        Check(a is B && a is C && a is IHasId, "is on hierarchy");
        Check((a as B) != null && (new A() as B) == null, "as");
        Check(Throws(() => (B)new A()), "castclass failure");
        Check(Throws(() => (IHasId)new A()), "interface cast failure");
        Check(((IHasId)a).Id == 2, "interface cast success");
        object str = "s";
        Check(Throws(() => (A)str), "unrelated cast");
        Check((string)(object)null == null && (A)(object)null == null, "null casts succeed");

        // Array casts and covariance.
        object arr = new C[3];
        Check(arr is A[] && arr is B[] && arr is IHasId[] && arr is object[] && !(arr is string[]), "array covariance in is");
        Check(arr is IList && arr is IEnumerable<A> && arr is IList<B>, "array generic interfaces");
        A[] asA = (A[])arr;
        Check(asA.Length == 3 && Throws(() => (int[])arr), "array cast");
        object ints = new int[2];
        Check(ints is int[] && ints is uint[] && !(ints is long[]), "int[] is uint[] (CLR rule)");
        Check(!(ints is object[]), "value arrays are not object[]");

        // Generic casts.
        object list = new List<C>();
        Check(list is IEnumerable<A> && !(list is List<A>) && list is IReadOnlyList<B>, "generic variance");

        // Boxing in collections and string concatenation.
        var al = new ArrayList();
        for (int i = 0; i < 100; i++) al.Add(i % 2 == 0 ? (object)i : (object)(long)i);
        long total = 0;
        foreach (object o in al) total += o is int ? (int)o : (long)o;
        Check(total == 4950, "ArrayList of boxes");

        Console.WriteLine(failures == 0 ? "boxing_casts ok" : "boxing_casts FAILED");
        return failures == 0 ? 100 : 1;
    }
}
