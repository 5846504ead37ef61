; 108 bytes, alignment 16, prolog 7 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; gc: code length 108, stack base Some(5), return Object, safepoints [22, 38, 54, 63, 84, 99], interruptible [], slots 2
; debug bounds: 0x0=IL-2
  0000  push    rbp
  0001  mov     rbp,rsp
  0004  push    rbx
  0005  push    r12
  0007  mov     rbx,rdi
  000a  mov     rdi,[0x11]    ; Rel32 lazy cell [10 12 08]
  0011  call    qword ptr [0x17]    ; Rel32 eager cell [1a 54]
  0017  mov     r12,rax
  001a  mov     rdi,[0x21]    ; Rel32 lazy cell [11 10 03]
  0021  call    qword ptr [0x27]    ; Rel32 eager cell [1a 55]
  0027  mov     rsi,rax
  002a  mov     rdi,[0x31]    ; Rel32 lazy cell [12 00 01]
  0031  call    qword ptr [0x37]    ; Rel32 eager cell [1a 56]
  0037  mov     rsi,rax
  003a  call    qword ptr [0x40]    ; Rel32 delay-load-helper cell [20 10 04]
  0040  mov     rsi,rax
  0043  mov     eax,[rsi]
  0045  mov     rdi,rax
  0048  mov     rdi,[0x4F]    ; Rel32 lazy cell [10 12 15]
  004f  call    qword ptr [0x55]    ; Rel32 eager cell [1a 60]
  0055  mov     rsi,rax
  0058  mov     rdi,rsi
  005b  mov     rsi,rbx
  005e  call    qword ptr [0x64]    ; Rel32 delay-load-helper cell [2c 00 06 12 15]
  0064  mov     rax,r12
  0067  pop     r12
  0069  pop     rbx
  006a  pop     rbp
  006b  ret
