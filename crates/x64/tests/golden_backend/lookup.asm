; 105 bytes, alignment 16, prolog 7 bytes, frame register Some((5, 0))
; unwind PushNonVolatile { code_offset: 1, reg: 5 }
; unwind SetFramePointer { code_offset: 4 }
; unwind PushNonVolatile { code_offset: 5, reg: 3 }
; unwind PushNonVolatile { code_offset: 7, reg: 12 }
; gc: code length 105, stack base Some(5), return Object, safepoints [22, 38, 54, 63, 81, 96], interruptible [], slots 2
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
  0043  mov     esi,[rsi]
  0045  mov     rdi,[0x4C]    ; Rel32 lazy cell [10 12 15]
  004c  call    qword ptr [0x52]    ; Rel32 eager cell [1a 60]
  0052  mov     rsi,rax
  0055  mov     rdi,rsi
  0058  mov     rsi,rbx
  005b  call    qword ptr [0x61]    ; Rel32 delay-load-helper cell [2c 00 06 12 15]
  0061  mov     rax,r12
  0064  pop     r12
  0066  pop     rbx
  0067  pop     rbp
  0068  ret
