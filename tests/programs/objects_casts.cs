// castclass/isinst through the runtime's cast helpers (TypeHandle cell +
// CheckCastAny/CheckInstanceAny): class hierarchy tests, `as string`, null,
// and InvalidCastException thrown from a precompiled cast.
using System;
class A { public int X; public A(int x) { X = x; } }
class B : A { public B(int x) : base(x) { } }
class C { }
class Program {
    static int Kind(object o) { if (o is B) return 2; if (o is A) return 1; if (o is string) return 3; return 0; }
    static int GetX(object o) { return ((A)o).X; }
    static string AsStr(object o) { string s = o as string; return s == null ? "-" : s; }
    static int Main() {
        Console.WriteLine(Kind(new A(1)));
        Console.WriteLine(Kind(new B(2)));
        Console.WriteLine(Kind("s"));
        Console.WriteLine(Kind(new C()));
        Console.WriteLine(Kind(null));
        Console.WriteLine(GetX(new B(7)));
        Console.WriteLine(AsStr("str"));
        Console.WriteLine(AsStr(new C()));
        Console.WriteLine(Bad());
        return 100;
    }
    static int Bad() { try { return GetX(new C()); } catch (InvalidCastException) { return -1; } }
}
