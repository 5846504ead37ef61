// `constrained.` calls (ECMA-335 III.2.1) in every form mcs emits outside
// value-type generic instantiations: a struct's own override called
// directly on the variable (so a mutating override mutates the variable,
// not a boxed copy), an inherited Object/ValueType method called on a box,
// explicit and implicit interface implementations (`using`, `foreach`
// enumerators of the framework's generic structs, whose Dispose the
// runtime resolves from the constrained type), framework structs
// (DateTime, TimeSpan, KeyValuePair, Nullable<int>, Guid), enums and
// primitives, and type parameters of shared generic code (reference types).
// kiln-expect-compiled: ConstrainedValues:OwnOverrides(
// kiln-expect-compiled: ConstrainedValues:Inherited(
// kiln-expect-compiled: ConstrainedValues:Disposables(
// kiln-expect-compiled: ConstrainedValues:FrameworkStructs(
// kiln-expect-compiled: ConstrainedValues:Enumerators(
// kiln-expect-compiled: ConstrainedValues:Scalars(
// kiln-expect-compiled: ConstrainedValues:Describe[System.__Canon](
// kiln-expect-compiled: Holder`1[System.__Canon]:Show(
// kiln-expect-compiled: ConstrainedValues:Main(
using System;
using System.Collections.Generic;

struct Counter
{
    public int Calls;
    public string Name;

    // Mutates the variable it is called on: a direct call with a managed
    // pointer `this` sees and keeps the change, a boxed copy would not.
    public override string ToString()
    {
        Calls++;
        return Name + "#" + Calls;
    }

    public override int GetHashCode() { return Calls * 31 + Name.Length; }

    public override bool Equals(object o)
    {
        return o is Counter && ((Counter)o).Calls == Calls && ((Counter)o).Name == Name;
    }
}

// Inherits ToString/GetHashCode/Equals from System.ValueType.
struct Plain
{
    public int A;
    public long B;
}

struct Tracker : IDisposable
{
    public static string Log = "";
    public int Id;
    public string Tag;

    public void Dispose() { Log += "[dispose " + Id + " " + Tag + "]"; Id = -1; }
}

struct Explicit : IDisposable
{
    public static int Disposed;
    public int Weight;
    void IDisposable.Dispose() { Disposed += Weight; }
}

enum Shade { Light = 1, Dark = 7 }

class Holder<T>
{
    public T Value;
    public Holder(T v) { Value = v; }
    public string Show() { return "<" + Value.ToString() + ":" + (Value.GetHashCode() == Value.GetHashCode()) + ">"; }
}

static class ConstrainedValues
{
    static int failures;

    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static string OwnOverrides()
    {
        var c = new Counter { Name = "ctr" };
        string first = c.ToString();
        string second = c.ToString();
        Check(c.Calls == 2, "own ToString mutates the variable");
        Check(c.GetHashCode() == 2 * 31 + 3, "own GetHashCode");
        var d = c;
        Check(c.Equals(d), "own Equals, equal");
        d.Calls = 9;
        Check(!c.Equals(d), "own Equals, different");
        Counter[] arr = new Counter[2];
        arr[1].Name = "elem";
        string e = arr[1].ToString();
        Check(arr[1].Calls == 1, "own ToString on an array element mutates it");
        return first + " " + second + " " + e;
    }

    static string Inherited()
    {
        var p = new Plain { A = 3, B = 4 };
        var q = new Plain { A = 3, B = 4 };
        Check(p.Equals(q), "ValueType.Equals, equal");
        q.B = 5;
        Check(!p.Equals(q), "ValueType.Equals, different");
        Check(p.GetHashCode() == ((object)p).GetHashCode(), "ValueType.GetHashCode on a box");
        return p.ToString();
    }

    static string Disposables()
    {
        Tracker.Log = "";
        using (var t = new Tracker { Id = 1, Tag = "a" })
        {
            Tracker.Log += "[body " + t.Id + "]";
        }
        var u = new Tracker { Id = 2, Tag = "b" };
        using (u) { }
        Check(u.Id == 2, "using disposes a copy of a declared-outside struct");
        Explicit.Disposed = 0;
        using (var x = new Explicit { Weight = 5 }) { }
        using (var y = new Explicit { Weight = 6 }) { }
        Check(Explicit.Disposed == 11, "explicit interface implementation");
        return Tracker.Log;
    }

    static string FrameworkStructs()
    {
        var when = new DateTime(2024, 2, 29, 13, 45, 10);
        var span = TimeSpan.FromMinutes(90);
        var pair = new KeyValuePair<int, string>(7, "seven");
        var spair = new KeyValuePair<string, string>("k", "v");
        int? some = 42;
        int? none = null;
        var g = new Guid("00112233-4455-6677-8899-aabbccddeeff");
        Check(span.GetHashCode() == TimeSpan.FromMinutes(90).GetHashCode(), "TimeSpan.GetHashCode");
        Check(some.GetHashCode() == 42 && none.GetHashCode() == 0, "Nullable<int>.GetHashCode");
        Check(some.Equals(42) && !none.Equals(42) && none.Equals(null), "Nullable<int>.Equals");
        Check(pair.GetHashCode() == ((object)pair).GetHashCode(), "KeyValuePair inherits GetHashCode");
        Check(g.Equals(new Guid("00112233-4455-6677-8899-aabbccddeeff")), "Guid.Equals");
        object boxed = spair;
        var back = (KeyValuePair<string, string>)boxed;
        Check(back.Key == "k" && back.Value == "v", "unbox.any of a constructed struct");
        return when.ToString("yyyy-MM-dd HH:mm:ss") + " " + span.ToString() + " " + pair.ToString()
            + " " + spair.ToString() + " " + some.ToString() + " [" + none.ToString() + "] "
            + g.ToString();
    }

    static string Enumerators()
    {
        var list = new List<int> { 1, 2, 3, 4 };
        int sum = 0;
        foreach (int i in list) sum += i;
        var names = new List<string> { "x", "y" };
        string joined = "";
        foreach (string s in names) joined += s;
        var map = new Dictionary<string, int> { { "one", 1 }, { "two", 2 } };
        int total = 0;
        foreach (var kv in map) total += kv.Value;
        foreach (string k in map.Keys) joined += k.Length;
        var set = new HashSet<long> { 10, 20 };
        long s2 = 0;
        foreach (long v in set) s2 += v;
        return sum + " " + joined + " " + total + " " + s2;
    }

    static string Scalars()
    {
        int i = 1234;
        double d = 2.5;
        char c = 'q';
        bool b = true;
        long l = -9;
        Shade s = Shade.Dark;
        Check(i.GetHashCode() == 1234, "int GetHashCode");
        Check(s.GetHashCode() == 7, "enum GetHashCode");
        Check(s.Equals(Shade.Dark) && !s.Equals(Shade.Light), "enum Equals");
        return i.ToString() + " " + d.ToString() + " " + c.ToString() + " " + b.ToString() + " "
            + l.ToString() + " " + s.ToString() + " " + Shade.Light.ToString();
    }

    static string Describe<T>(T value) where T : IComparable<T>
    {
        return value.ToString() + (value.CompareTo(value) == 0 ? "=" : "!");
    }

    static int Main()
    {
        Console.WriteLine(OwnOverrides());
        Console.WriteLine(Inherited());
        Console.WriteLine(Disposables());
        Console.WriteLine(FrameworkStructs());
        Console.WriteLine(Enumerators());
        Console.WriteLine(Scalars());
        Console.WriteLine(Describe("str") + " " + new Holder<string>("held").Show()
            + " " + new Holder<object>(new Version(1, 2)).Show());
        Console.WriteLine(failures == 0 ? "ok" : "failures " + failures);
        return failures == 0 ? 100 : 1;
    }
}
