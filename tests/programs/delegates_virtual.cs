// Delegates to virtual methods precompiled (`dup; ldvirtftn M; newobj
// D::.ctor`): the code pointer comes from the runtime's VirtualEntry helper
// (ldvirtftn as the JIT compiles it for ReadyToRun) and the delegate
// constructor is an ordinary call. Overrides are bound by the object's
// type, abstract, sealed and interface methods, a framework virtual
// (object.ToString), a null receiver (NullReferenceException from
// ldvirtftn, caught), exceptions thrown through the bound method, and
// delegates kept across compacting collections while new ones are made.
// kiln-expect-compiled: Program:Bind(
// kiln-expect-compiled: Program:BindAbstract(
// kiln-expect-compiled: Program:BindSealed(
// kiln-expect-compiled: Program:BindInterface(
// kiln-expect-compiled: Program:BindToString(
// kiln-expect-compiled: Program:BindNull(
// kiln-expect-compiled: Program:MakeMany(
// kiln-expect-compiled: Program:Main(
using System;
using System.Runtime.CompilerServices;

delegate string Speak(int n);

interface IArea { double Area(); }

abstract class Shape : IArea {
    public abstract double Area();
    public virtual string Name(int n) { return "shape" + n; }
    public virtual string Fail(int n) { throw new InvalidOperationException("fail " + n); }
}

class Square : Shape {
    double side;
    public Square(double side) { this.side = side; }
    public override double Area() { return side * side; }
    public override string Name(int n) { return "square" + n + "/" + side; }
}

class Circle : Shape {
    double r;
    public Circle(double r) { this.r = r; }
    public override double Area() { return 3.0 * r * r; }
    public sealed override string Name(int n) { return "circle" + n; }
    public override string Fail(int n) { throw new ArgumentException("circle fail " + n); }
    public override string ToString() { return "Circle(" + r + ")"; }
}

class Program {
    [MethodImpl(MethodImplOptions.NoInlining)]
    static Speak Bind(Shape s) { return s.Name; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Func<double> BindAbstract(Shape s) { return s.Area; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Speak BindSealed(Circle c) { return c.Name; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Func<double> BindInterface(IArea a) { return a.Area; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Func<string> BindToString(object o) { return o.ToString; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static string BindNull(Shape s) {
        try {
            Speak sp = s.Name;
            return "bound " + sp(1);
        } catch (NullReferenceException) {
            return "null receiver";
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Speak[] MakeMany(int count) {
        Speak[] all = new Speak[count];
        for (int i = 0; i < count; i++) {
            Shape s = (i % 2 == 0) ? (Shape)new Square(i) : new Circle(i);
            all[i] = (i % 3 == 0) ? new Speak(s.Fail) : new Speak(s.Name);
            object junk = new long[i % 7 + 1];
            GC.KeepAlive(junk);
        }
        return all;
    }

    static int Main() {
        Shape sq = new Square(2), ci = new Circle(1);
        Console.WriteLine(Bind(sq)(1) + " " + Bind(ci)(2));
        Console.WriteLine(BindAbstract(sq)() + " " + BindAbstract(ci)());
        Console.WriteLine(BindSealed((Circle)ci)(3));
        Console.WriteLine(BindInterface(sq)() + " " + BindInterface(ci)());
        Console.WriteLine(BindToString(ci)() + " " + BindToString(new object())() + " " + BindToString("str")());
        Console.WriteLine(BindNull(null) + " " + BindNull(sq));
        Speak[] many = MakeMany(300);
        GC.Collect(2, GCCollectionMode.Forced, true, true);
        int failed = 0;
        string last = "";
        for (int i = 0; i < many.Length; i++) {
            try {
                last = many[i](i);
            } catch (InvalidOperationException e) {
                failed++;
                last = e.Message;
            } catch (ArgumentException e) {
                failed += 100;
                last = e.Message;
            }
        }
        Console.WriteLine(failed + " " + last + " " + many[7].Method.Name + " " + (many[7].Target is Circle));
        return 100;
    }
}
