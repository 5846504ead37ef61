// Shared (canonical, __Canon) code of generic value types defined in the
// program, instantiated over reference types: an instance method of
// Slot<string> runs the code of Slot<__Canon>, which receives a managed
// pointer to the value as `this` and the exact MethodTable as its hidden
// generic-context argument (no MethodTable in an unboxed value), from which
// its generic dictionary lookups (typeof(T), new T[], new List<T>, casts)
// and its calls to other methods of the struct come. Called directly, from
// shared code of a generic class (the dictionary gives the MethodTable), on
// boxes through interfaces and object.ToString (the runtime's unboxing
// stubs pass the MethodTable), with try/finally (the context in a frame
// slot), and as generic methods of generic and plain structs (the hidden
// argument is the MethodDesc). Values are checked against each other and
// after garbage collections.
// kiln-expect-compiled: Program:Main(
// kiln-expect-compiled: Slot`1[System.__Canon]:Get()
// kiln-expect-compiled: Slot`1[System.__Canon]:Set(System.__Canon)
// kiln-expect-compiled: Slot`1[System.__Canon]:TypeName()
// kiln-expect-compiled: Slot`1[System.__Canon]:Fill(int)
// kiln-expect-compiled: Slot`1[System.__Canon]:Listed()
// kiln-expect-compiled: Slot`1[System.__Canon]:Describe()
// kiln-expect-compiled: Slot`1[System.__Canon]:ToString()
// kiln-expect-compiled: Slot`1[System.__Canon]:Guarded(int)
// kiln-expect-compiled: Slot`1[System.__Canon]:Is(System.Object)
// kiln-expect-compiled: Slot`1[System.__Canon]:Name()
// kiln-expect-compiled: Slot`1[System.__Canon]:Pair[System.__Canon](System.__Canon)
// kiln-expect-compiled: Duo`2[System.__Canon,System.__Canon]:.ctor(System.__Canon,System.__Canon)
// kiln-expect-compiled: Util:Through[System.__Canon](byref,System.__Canon)
// kiln-expect-compiled: Plain:Wrap[System.__Canon](System.__Canon)
// kiln-expect-compiled: Namer:Name[System.__Canon](System.__Canon)
// kiln-expect-compiled: Refs:Read[System.__Canon](byref)
// kiln-expect-compiled: Refs:Write[System.__Canon](byref,System.__Canon)
// kiln-expect-compiled: Refs:Swap[System.__Canon](byref,byref)
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

interface INamed
{
    string Name();
}

struct Slot<T> : INamed where T : class
{
    public T Value;
    public int Count;
    public object Extra;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public T Get() { return Value; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Set(T v) { Value = v; Count++; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public string TypeName() { return typeof(T).Name; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public T[] Fill(int n)
    {
        T[] a = new T[n];
        for (int i = 0; i < n; i++) a[i] = Value;
        GC.Collect();
        return a;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public List<T> Listed()
    {
        List<T> l = new List<T>();
        l.Add(Value);
        l.Add(Value);
        return l;
    }

    // Calls other methods of the same struct over T: their hidden argument,
    // Slot<T>'s MethodTable, comes from this method's dictionary.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string Describe()
    {
        return TypeName() + ":" + Count + ":" + (Get() == null ? "null" : Get().ToString());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public override string ToString() { return "Slot(" + Describe() + ")"; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public string Name() { return "named " + TypeName(); }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public int Guarded(int k)
    {
        int r = 0;
        try
        {
            if (k < 0) throw new ArgumentException("negative");
            r = Fill(k).Length;
        }
        catch (ArgumentException)
        {
            r = -1;
        }
        finally
        {
            Extra = typeof(T[]);
            Count += 10;
        }
        return r;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool Is(object o) { return o is T; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Slot<T> Make(T v)
    {
        Slot<T> s = new Slot<T>();
        s.Value = v;
        s.Count = 1;
        return s;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public string Pair<U>(U other) where U : class
    {
        return typeof(T).Name + "+" + typeof(U).Name + "=" + other;
    }
}

struct Duo<A, B> where A : class where B : class
{
    public A First;
    public B Second;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public Duo(A a, B b) { First = a; Second = b; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public Duo<B, A> Swap() { return new Duo<B, A>(Second, First); }
}

class Holder<T> where T : class
{
    public Slot<T> Inner;

    // A field of type Slot<T>: its layout over the type parameter is not
    // confirmed (left to the JIT).
    [MethodImpl(MethodImplOptions.NoInlining)]
    public string Through(T v)
    {
        Inner.Set(v);
        Inner.Set(v);
        return Inner.Describe();
    }
}

class Util
{
    // Shared code of a generic method calling the struct's shared code
    // through a managed pointer: the MethodTable of Slot<T> comes from the
    // method's dictionary (its hidden MethodDesc).
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Through<T>(ref Slot<T> s, T v) where T : class
    {
        s.Set(v);
        s.Set(v);
        // Instance generic methods over T (a struct's and a class's): their
        // hidden MethodDesc, from the dictionary, follows `this`.
        return s.Describe() + "|" + s.Pair<T>(v) + "|" + new Namer().Name<T>(v);
    }
}

class Refs
{
    // ldobj/stobj/cpobj of T through managed pointers in shared code: T is
    // a reference type there.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T Read<T>(ref T r) where T : class { return r; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Write<T>(ref T r, T v) where T : class
    {
        GC.Collect();
        r = v;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Swap<T>(ref T a, ref T b) where T : class
    {
        T t = a;
        a = b;
        b = t;
    }
}

class Namer
{
    public int Calls;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public string Name<U>(U u) where U : class
    {
        Calls++;
        return typeof(U).Name + "/" + u + "/" + Calls;
    }
}

struct Plain
{
    public int N;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public string Wrap<U>(U u) where U : class
    {
        N++;
        return typeof(U).Name + "#" + N + ":" + u;
    }
}

class Program
{
    static int failures;

    static void Check(bool ok, string what)
    {
        if (!ok)
        {
            failures++;
            Console.WriteLine("FAIL " + what);
        }
    }

    static int Main()
    {
        Slot<string> s = Slot<string>.Make("abc");
        Check(s.Get() == "abc", "Get");
        s.Set("def");
        Check(s.Count == 2 && s.Value == "def", "Set");
        Check(s.TypeName() == "String", "TypeName");
        string[] filled = s.Fill(3);
        Check(filled.Length == 3 && filled[2] == "def" && filled.GetType() == typeof(string[]), "Fill");
        List<string> l = s.Listed();
        Check(l.Count == 2 && l[1] == "def" && l.GetType() == typeof(List<string>), "Listed");
        Console.WriteLine(s.Describe());
        Console.WriteLine(s.ToString());
        object boxed = s;
        Console.WriteLine(boxed.ToString());
        Console.WriteLine(((INamed)boxed).Name());
        Check(s.Guarded(4) == 4 && s.Count == 12 && (Type)s.Extra == typeof(string[]), "Guarded");
        Check(s.Guarded(-1) == -1 && s.Count == 22, "Guarded throw");
        Check(s.Is("x") && !s.Is(new object()) && !s.Is(null), "Is");
        Console.WriteLine(s.Pair<Version>(new Version(1, 2)));

        Slot<Version> v = Slot<Version>.Make(new Version(3, 4));
        GC.Collect();
        Console.WriteLine(v.Describe());
        Check(v.Is(new Version()) && !v.Is("x"), "Is Version");
        Version[] vs = v.Fill(2);
        Check(vs.GetType() == typeof(Version[]) && vs[1].Major == 3, "Fill Version");
        Console.WriteLine(((INamed)v).Name());

        Slot<object> empty = new Slot<object>();
        Console.WriteLine(empty.Describe());

        Duo<string, Version> d = new Duo<string, Version>("one", new Version(5, 6));
        Duo<Version, string> e = d.Swap();
        GC.Collect();
        Check(e.First.Minor == 6 && e.Second == "one", "Swap");
        Duo<string, Version> f = e.Swap();
        Check(f.First == "one" && f.Second.Major == 5, "Swap back");

        Holder<string> h = new Holder<string>();
        Console.WriteLine(h.Through("held"));
        Holder<Version> hv = new Holder<Version>();
        Console.WriteLine(hv.Through(new Version(7, 8)));
        Slot<string> r = new Slot<string>();
        Console.WriteLine(Util.Through<string>(ref r, "by ref"));
        Check(r.Count == 2 && r.Value == "by ref", "Through ref");

        string[] cells = new string[] { "x", "y" };
        Check(Refs.Read<string>(ref cells[1]) == "y", "Read");
        Refs.Write<string>(ref cells[0], "w" + cells.Length);
        Refs.Swap<string>(ref cells[0], ref cells[1]);
        GC.Collect();
        Check(cells[0] == "y" && cells[1] == "w2", "Write/Swap");
        Version held = new Version(4, 4);
        Refs.Write<Version>(ref held, new Version(5, 5));
        Check(held.Major == 5 && Refs.Read<Version>(ref held).Minor == 5, "Write Version");

        Plain p = new Plain();
        Console.WriteLine(p.Wrap<string>("w"));
        Console.WriteLine(p.Wrap<Version>(new Version(9, 0)));
        Check(p.N == 2, "Plain.N");

        // Churn: the struct's references survive collections.
        Slot<string> churn = Slot<string>.Make("start");
        for (int i = 0; i < 2000; i++)
        {
            churn.Set("v" + i);
            if (i % 500 == 0) GC.Collect();
        }
        Check(churn.Get() == "v1999" && churn.Count == 2001, "churn");

        Console.WriteLine(failures == 0 ? "ok" : "failures: " + failures);
        return failures == 0 ? 100 : 1;
    }
}
