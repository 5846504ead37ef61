// Interface calls: implicit and explicit implementations, interface
// inheritance, generic interfaces, interfaces on structs, re-implementation.
using System;
using System.Collections.Generic;

interface IAnimal { string Sound(); int Legs { get; } }
interface IPet : IAnimal { string Name { get; } }
interface IResettable { void Reset(); }
interface IValue<T> { T Get(); void Set(T value); }

class Dog : IPet, IResettable
{
    int barks;
    public string Sound() { barks++; return "woof"; }
    public int Legs { get { return 4; } }
    public string Name { get { return "rex"; } }
    void IResettable.Reset() { barks = 0; }
    public int Barks { get { return barks; } }
}

class Bird : IAnimal
{
    public virtual string Sound() { return "tweet"; }
    public int Legs { get { return 2; } }
}

class Parrot : Bird
{
    public override string Sound() { return "hello"; }
}

class Box<T> : IValue<T>
{
    T value;
    public T Get() { return value; }
    public void Set(T v) { value = v; }
}

class TwoBox : Box<int>, IValue<string>
{
    string text = "";
    string IValue<string>.Get() { return text; }
    void IValue<string>.Set(string v) { text = v + "!"; }
}

struct Meter : IComparable<Meter>, IResettable
{
    public int Value;
    public int CompareTo(Meter other) { return Value.CompareTo(other.Value); }
    public void Reset() { Value = 0; }
}

class Base : IAnimal
{
    public string Sound() { return "base"; }
    public int Legs { get { return 0; } }
}

class Reimpl : Base, IAnimal
{
    public new string Sound() { return "reimpl"; }
}

static class Interfaces
{
    static int failures;
    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static int TotalLegs(IEnumerable<IAnimal> animals)
    {
        int n = 0;
        foreach (IAnimal a in animals) n += a.Legs;
        return n;
    }

    static T Max<T>(T a, T b) where T : IComparable<T> { return a.CompareTo(b) >= 0 ? a : b; }

    static int Main()
    {
        var dog = new Dog();
        IAnimal[] zoo = { dog, new Bird(), new Parrot(), new Reimpl(), new Base() };
        string sounds = "";
        foreach (IAnimal a in zoo) sounds += a.Sound() + " ";
        Console.WriteLine(sounds);
        Check(sounds == "woof tweet hello reimpl base ", "interface dispatch: " + sounds);
        Check(TotalLegs(zoo) == 8, "legs via IEnumerable<IAnimal>");

        IPet pet = dog;
        Check(pet.Name == "rex" && pet.Legs == 4, "inherited interface members");
        pet.Sound(); pet.Sound();
        Check(dog.Barks == 3, "state through interface");
        ((IResettable)dog).Reset();
        Check(dog.Barks == 0, "explicit implementation");

        var box = new TwoBox();
        IValue<int> vi = box;
        IValue<string> vs = box;
        vi.Set(42);
        vs.Set("hi");
        Check(vi.Get() == 42 && vs.Get() == "hi!" && box.Get() == 42, "two instantiations of one generic interface");

        Meter m1 = new Meter { Value = 5 }, m2 = new Meter { Value = 9 };
        Check(Max(m1, m2).Value == 9, "constrained call on struct");
        IResettable boxed = m1;
        boxed.Reset();
        Check(m1.Value == 5 && ((Meter)boxed).Value == 0, "interface call on boxed struct mutates the box");

        Check(zoo[3] is IAnimal && !(zoo[1] is IPet) && zoo[0] is IResettable, "is interface");
        IPet maybe = zoo[2] as IPet;
        Check(maybe == null, "as interface fails");

        IComparable<int> ci = 7;
        Check(ci.CompareTo(3) > 0, "interface on boxed int");
        IEquatable<string> es = "abc";
        Check(es.Equals("abc"), "IEquatable<string>");

        Console.WriteLine(failures == 0 ? "interfaces ok" : "interfaces FAILED");
        return failures == 0 ? 100 : 1;
    }
}
