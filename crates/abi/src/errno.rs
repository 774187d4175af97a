//! Error numbers that helpers and map operations return, with Linux's names and x86-64 values.
//!
//! Helpers return `-errno` in `r0` as a 64-bit signed value; `bpf(2)` map commands fail with the
//! positive value in `errno`. Values come from `include/uapi/asm-generic/errno-base.h` and
//! `include/uapi/asm-generic/errno.h` (the tests compare them with the copies under
//! `/usr/include/asm-generic/`), plus the kernel-internal `ENOTSUPP` (524) from
//! `include/linux/errno.h`, which user-space headers do not name but which programs and `bpf(2)`
//! callers can still receive.

/// An error number that helpers or map operations may produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(i32)]
pub enum Errno {
    /// `EPERM` (1): Operation not permitted (`bpf_send_signal` aimed at a kernel thread or
    /// at init; `bpf_probe_write_user` outside a user task; a `bpf(2)` command without the
    /// capability).
    Eperm = 1,
    /// `ENOENT` (2): No such entry: the key is not in the map (`BPF_MAP_LOOKUP_ELEM`,
    /// `BPF_MAP_DELETE_ELEM`, `BPF_EXIST` updates, an empty queue or stack).
    Enoent = 2,
    /// `ESRCH` (3): No such process.
    Esrch = 3,
    /// `EINTR` (4): Interrupted.
    Eintr = 4,
    /// `EIO` (5): Input/output error.
    Eio = 5,
    /// `ENXIO` (6): No such device or address.
    Enxio = 6,
    /// `E2BIG` (7): Argument list too long (update of a hash map already holding
    /// `max_entries` elements; an array index at or beyond `max_entries`).
    E2big = 7,
    /// `ENOEXEC` (8): Exec format error.
    Enoexec = 8,
    /// `EBADF` (9): Bad file descriptor (map or program fd).
    Ebadf = 9,
    /// `ECHILD` (10): No child processes.
    Echild = 10,
    /// `EAGAIN` (11): Try again (`bpf_ringbuf_output` with no room in the ring buffer; also
    /// `EWOULDBLOCK`).
    Eagain = 11,
    /// `ENOMEM` (12): Out of memory (element allocation failed).
    Enomem = 12,
    /// `EACCES` (13): Permission denied (the verifier refused the program).
    Eacces = 13,
    /// `EFAULT` (14): Bad address (`bpf_probe_read_*` of an unmapped address;
    /// `bpf_get_stackid` when no stack could be collected).
    Efault = 14,
    /// `ENOTBLK` (15): Block device required.
    Enotblk = 15,
    /// `EBUSY` (16): Resource busy (a hash map operation re-entered on the same CPU;
    /// `bpf_timer_init` of a timer already initialized; `bpf_send_signal` while an earlier
    /// one is pending).
    Ebusy = 16,
    /// `EEXIST` (17): Already exists (`BPF_NOEXIST` update of a present key;
    /// `bpf_get_stackid` meeting another stack under the same id without
    /// `BPF_F_REUSE_STACKID`).
    Eexist = 17,
    /// `EXDEV` (18): Cross-device link.
    Exdev = 18,
    /// `ENODEV` (19): No such device (redirect to a missing interface).
    Enodev = 19,
    /// `ENOTDIR` (20): Not a directory.
    Enotdir = 20,
    /// `EISDIR` (21): Is a directory.
    Eisdir = 21,
    /// `EINVAL` (22): Invalid argument (bad flags, bad size, bad map type for the helper).
    Einval = 22,
    /// `ENFILE` (23): File table overflow.
    Enfile = 23,
    /// `EMFILE` (24): Too many open files.
    Emfile = 24,
    /// `ENOTTY` (25): Not a typewriter.
    Enotty = 25,
    /// `ETXTBSY` (26): Text file busy.
    Etxtbsy = 26,
    /// `EFBIG` (27): File too large.
    Efbig = 27,
    /// `ENOSPC` (28): No space left on device.
    Enospc = 28,
    /// `ESPIPE` (29): Illegal seek.
    Espipe = 29,
    /// `EROFS` (30): Read-only file system.
    Erofs = 30,
    /// `EMLINK` (31): Too many links.
    Emlink = 31,
    /// `EPIPE` (32): Broken pipe.
    Epipe = 32,
    /// `EDOM` (33): Argument out of domain.
    Edom = 33,
    /// `ERANGE` (34): Result out of range (`bpf_strtol`/`bpf_strtoul` overflow).
    Erange = 34,
    /// `EDEADLK` (35): Resource deadlock would occur (`bpf_timer_cancel` called from the
    /// callback of the timer it cancels).
    Edeadlk = 35,
    /// `ENAMETOOLONG` (36): File name too long.
    Enametoolong = 36,
    /// `ENOLCK` (37): No record locks available.
    Enolck = 37,
    /// `ENOSYS` (38): Function not implemented.
    Enosys = 38,
    /// `ENOTEMPTY` (39): Directory not empty.
    Enotempty = 39,
    /// `ELOOP` (40): Too many symbolic links.
    Eloop = 40,
    /// `ENOMSG` (42): No message of the desired type.
    Enomsg = 42,
    /// `ENODATA` (61): No data available.
    Enodata = 61,
    /// `ETIME` (62): Timer expired.
    Etime = 62,
    /// `EPROTO` (71): Protocol error.
    Eproto = 71,
    /// `EBADMSG` (74): Not a data message.
    Ebadmsg = 74,
    /// `EOVERFLOW` (75): Value too large for defined data type
    /// (`bpf_seq_printf`/`bpf_seq_write` when the iterator's buffer overflowed).
    Eoverflow = 75,
    /// `EILSEQ` (84): Illegal byte sequence.
    Eilseq = 84,
    /// `ENOTSOCK` (88): Not a socket.
    Enotsock = 88,
    /// `EMSGSIZE` (90): Message too long.
    Emsgsize = 90,
    /// `EPROTOTYPE` (91): Protocol wrong type for socket.
    Eprototype = 91,
    /// `ENOPROTOOPT` (92): Protocol not available.
    Enoprotoopt = 92,
    /// `EPROTONOSUPPORT` (93): Protocol not supported (the SYN cookie helpers for IPv6 when
    /// IPv6 is not built in).
    Eprotonosupport = 93,
    /// `ESOCKTNOSUPPORT` (94): Socket type not supported.
    Esocktnosupport = 94,
    /// `EOPNOTSUPP` (95): Operation not supported (the user-visible value; an unsupported
    /// map operation from `bpf(2)`).
    Eopnotsupp = 95,
    /// `EAFNOSUPPORT` (97): Address family not supported (`bpf_fib_lookup` with a family
    /// other than IPv4 or IPv6).
    Eafnosupport = 97,
    /// `EADDRINUSE` (98): Address already in use.
    Eaddrinuse = 98,
    /// `EADDRNOTAVAIL` (99): Cannot assign requested address.
    Eaddrnotavail = 99,
    /// `ENETDOWN` (100): Network is down.
    Enetdown = 100,
    /// `ENETUNREACH` (101): Network is unreachable.
    Enetunreach = 101,
    /// `ENOBUFS` (105): No buffer space available.
    Enobufs = 105,
    /// `EISCONN` (106): Transport endpoint is already connected.
    Eisconn = 106,
    /// `ENOTCONN` (107): Transport endpoint is not connected.
    Enotconn = 107,
    /// `ETIMEDOUT` (110): Connection timed out.
    Etimedout = 110,
    /// `ECONNREFUSED` (111): Connection refused.
    Econnrefused = 111,
    /// `EHOSTUNREACH` (113): No route to host.
    Ehostunreach = 113,
    /// `EALREADY` (114): Operation already in progress.
    Ealready = 114,
    /// `EINPROGRESS` (115): Operation now in progress.
    Einprogress = 115,
    /// `ECANCELED` (125): Operation canceled.
    Ecanceled = 125,
    /// `ENOTSUPP` (524): Operation not supported, the kernel-internal code that user-space
    /// headers do not name; it still reaches user space through `bpf(2)` (element
    /// operations a ring buffer map lacks) and programs through helper return values.
    Enotsupp = 524,
}

impl Errno {
    /// Every error number this module names, in numeric order.
    pub const ALL: &'static [Errno] = &[
        Errno::Eperm,
        Errno::Enoent,
        Errno::Esrch,
        Errno::Eintr,
        Errno::Eio,
        Errno::Enxio,
        Errno::E2big,
        Errno::Enoexec,
        Errno::Ebadf,
        Errno::Echild,
        Errno::Eagain,
        Errno::Enomem,
        Errno::Eacces,
        Errno::Efault,
        Errno::Enotblk,
        Errno::Ebusy,
        Errno::Eexist,
        Errno::Exdev,
        Errno::Enodev,
        Errno::Enotdir,
        Errno::Eisdir,
        Errno::Einval,
        Errno::Enfile,
        Errno::Emfile,
        Errno::Enotty,
        Errno::Etxtbsy,
        Errno::Efbig,
        Errno::Enospc,
        Errno::Espipe,
        Errno::Erofs,
        Errno::Emlink,
        Errno::Epipe,
        Errno::Edom,
        Errno::Erange,
        Errno::Edeadlk,
        Errno::Enametoolong,
        Errno::Enolck,
        Errno::Enosys,
        Errno::Enotempty,
        Errno::Eloop,
        Errno::Enomsg,
        Errno::Enodata,
        Errno::Etime,
        Errno::Eproto,
        Errno::Ebadmsg,
        Errno::Eoverflow,
        Errno::Eilseq,
        Errno::Enotsock,
        Errno::Emsgsize,
        Errno::Eprototype,
        Errno::Enoprotoopt,
        Errno::Eprotonosupport,
        Errno::Esocktnosupport,
        Errno::Eopnotsupp,
        Errno::Eafnosupport,
        Errno::Eaddrinuse,
        Errno::Eaddrnotavail,
        Errno::Enetdown,
        Errno::Enetunreach,
        Errno::Enobufs,
        Errno::Eisconn,
        Errno::Enotconn,
        Errno::Etimedout,
        Errno::Econnrefused,
        Errno::Ehostunreach,
        Errno::Ealready,
        Errno::Einprogress,
        Errno::Ecanceled,
        Errno::Enotsupp,
    ];

    /// The positive error number (what `errno` holds after a failed `bpf(2)`).
    pub const fn code(self) -> i32 {
        self as i32
    }

    /// The value a helper returns in `r0` for this error: the negated number.
    pub const fn helper_return(self) -> i64 {
        -(self as i64)
    }

    /// The error number with the positive value `code`, if this module names it.
    pub const fn from_code(code: i32) -> Option<Errno> {
        match code {
            1 => Some(Errno::Eperm),
            2 => Some(Errno::Enoent),
            3 => Some(Errno::Esrch),
            4 => Some(Errno::Eintr),
            5 => Some(Errno::Eio),
            6 => Some(Errno::Enxio),
            7 => Some(Errno::E2big),
            8 => Some(Errno::Enoexec),
            9 => Some(Errno::Ebadf),
            10 => Some(Errno::Echild),
            11 => Some(Errno::Eagain),
            12 => Some(Errno::Enomem),
            13 => Some(Errno::Eacces),
            14 => Some(Errno::Efault),
            15 => Some(Errno::Enotblk),
            16 => Some(Errno::Ebusy),
            17 => Some(Errno::Eexist),
            18 => Some(Errno::Exdev),
            19 => Some(Errno::Enodev),
            20 => Some(Errno::Enotdir),
            21 => Some(Errno::Eisdir),
            22 => Some(Errno::Einval),
            23 => Some(Errno::Enfile),
            24 => Some(Errno::Emfile),
            25 => Some(Errno::Enotty),
            26 => Some(Errno::Etxtbsy),
            27 => Some(Errno::Efbig),
            28 => Some(Errno::Enospc),
            29 => Some(Errno::Espipe),
            30 => Some(Errno::Erofs),
            31 => Some(Errno::Emlink),
            32 => Some(Errno::Epipe),
            33 => Some(Errno::Edom),
            34 => Some(Errno::Erange),
            35 => Some(Errno::Edeadlk),
            36 => Some(Errno::Enametoolong),
            37 => Some(Errno::Enolck),
            38 => Some(Errno::Enosys),
            39 => Some(Errno::Enotempty),
            40 => Some(Errno::Eloop),
            42 => Some(Errno::Enomsg),
            61 => Some(Errno::Enodata),
            62 => Some(Errno::Etime),
            71 => Some(Errno::Eproto),
            74 => Some(Errno::Ebadmsg),
            75 => Some(Errno::Eoverflow),
            84 => Some(Errno::Eilseq),
            88 => Some(Errno::Enotsock),
            90 => Some(Errno::Emsgsize),
            91 => Some(Errno::Eprototype),
            92 => Some(Errno::Enoprotoopt),
            93 => Some(Errno::Eprotonosupport),
            94 => Some(Errno::Esocktnosupport),
            95 => Some(Errno::Eopnotsupp),
            97 => Some(Errno::Eafnosupport),
            98 => Some(Errno::Eaddrinuse),
            99 => Some(Errno::Eaddrnotavail),
            100 => Some(Errno::Enetdown),
            101 => Some(Errno::Enetunreach),
            105 => Some(Errno::Enobufs),
            106 => Some(Errno::Eisconn),
            107 => Some(Errno::Enotconn),
            110 => Some(Errno::Etimedout),
            111 => Some(Errno::Econnrefused),
            113 => Some(Errno::Ehostunreach),
            114 => Some(Errno::Ealready),
            115 => Some(Errno::Einprogress),
            125 => Some(Errno::Ecanceled),
            524 => Some(Errno::Enotsupp),
            _ => None,
        }
    }

    /// The error a helper's return value `r0` stands for, if it is a negated error number this
    /// module names.
    pub const fn from_helper_return(r0: i64) -> Option<Errno> {
        if r0 >= 0 || r0 < -(i32::MAX as i64) {
            return None;
        }
        Errno::from_code(-r0 as i32)
    }

    /// The kernel's name (`"ENOENT"`).
    pub const fn name(self) -> &'static str {
        match self {
            Errno::Eperm => "EPERM",
            Errno::Enoent => "ENOENT",
            Errno::Esrch => "ESRCH",
            Errno::Eintr => "EINTR",
            Errno::Eio => "EIO",
            Errno::Enxio => "ENXIO",
            Errno::E2big => "E2BIG",
            Errno::Enoexec => "ENOEXEC",
            Errno::Ebadf => "EBADF",
            Errno::Echild => "ECHILD",
            Errno::Eagain => "EAGAIN",
            Errno::Enomem => "ENOMEM",
            Errno::Eacces => "EACCES",
            Errno::Efault => "EFAULT",
            Errno::Enotblk => "ENOTBLK",
            Errno::Ebusy => "EBUSY",
            Errno::Eexist => "EEXIST",
            Errno::Exdev => "EXDEV",
            Errno::Enodev => "ENODEV",
            Errno::Enotdir => "ENOTDIR",
            Errno::Eisdir => "EISDIR",
            Errno::Einval => "EINVAL",
            Errno::Enfile => "ENFILE",
            Errno::Emfile => "EMFILE",
            Errno::Enotty => "ENOTTY",
            Errno::Etxtbsy => "ETXTBSY",
            Errno::Efbig => "EFBIG",
            Errno::Enospc => "ENOSPC",
            Errno::Espipe => "ESPIPE",
            Errno::Erofs => "EROFS",
            Errno::Emlink => "EMLINK",
            Errno::Epipe => "EPIPE",
            Errno::Edom => "EDOM",
            Errno::Erange => "ERANGE",
            Errno::Edeadlk => "EDEADLK",
            Errno::Enametoolong => "ENAMETOOLONG",
            Errno::Enolck => "ENOLCK",
            Errno::Enosys => "ENOSYS",
            Errno::Enotempty => "ENOTEMPTY",
            Errno::Eloop => "ELOOP",
            Errno::Enomsg => "ENOMSG",
            Errno::Enodata => "ENODATA",
            Errno::Etime => "ETIME",
            Errno::Eproto => "EPROTO",
            Errno::Ebadmsg => "EBADMSG",
            Errno::Eoverflow => "EOVERFLOW",
            Errno::Eilseq => "EILSEQ",
            Errno::Enotsock => "ENOTSOCK",
            Errno::Emsgsize => "EMSGSIZE",
            Errno::Eprototype => "EPROTOTYPE",
            Errno::Enoprotoopt => "ENOPROTOOPT",
            Errno::Eprotonosupport => "EPROTONOSUPPORT",
            Errno::Esocktnosupport => "ESOCKTNOSUPPORT",
            Errno::Eopnotsupp => "EOPNOTSUPP",
            Errno::Eafnosupport => "EAFNOSUPPORT",
            Errno::Eaddrinuse => "EADDRINUSE",
            Errno::Eaddrnotavail => "EADDRNOTAVAIL",
            Errno::Enetdown => "ENETDOWN",
            Errno::Enetunreach => "ENETUNREACH",
            Errno::Enobufs => "ENOBUFS",
            Errno::Eisconn => "EISCONN",
            Errno::Enotconn => "ENOTCONN",
            Errno::Etimedout => "ETIMEDOUT",
            Errno::Econnrefused => "ECONNREFUSED",
            Errno::Ehostunreach => "EHOSTUNREACH",
            Errno::Ealready => "EALREADY",
            Errno::Einprogress => "EINPROGRESS",
            Errno::Ecanceled => "ECANCELED",
            Errno::Enotsupp => "ENOTSUPP",
        }
    }

    /// The error number whose kernel name is `name`.
    pub fn from_name(name: &str) -> Option<Errno> {
        Errno::ALL
            .iter()
            .copied()
            .find(|errno| errno.name() == name)
    }
}

impl std::fmt::Display for Errno {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.name(), self.code())
    }
}

/// `EPERM`, the positive value; helpers return `-EPERM`.
pub const EPERM: i32 = 1;
/// `ENOENT`, the positive value; helpers return `-ENOENT`.
pub const ENOENT: i32 = 2;
/// `ESRCH`, the positive value; helpers return `-ESRCH`.
pub const ESRCH: i32 = 3;
/// `EINTR`, the positive value; helpers return `-EINTR`.
pub const EINTR: i32 = 4;
/// `EIO`, the positive value; helpers return `-EIO`.
pub const EIO: i32 = 5;
/// `ENXIO`, the positive value; helpers return `-ENXIO`.
pub const ENXIO: i32 = 6;
/// `E2BIG`, the positive value; helpers return `-E2BIG`.
pub const E2BIG: i32 = 7;
/// `ENOEXEC`, the positive value; helpers return `-ENOEXEC`.
pub const ENOEXEC: i32 = 8;
/// `EBADF`, the positive value; helpers return `-EBADF`.
pub const EBADF: i32 = 9;
/// `ECHILD`, the positive value; helpers return `-ECHILD`.
pub const ECHILD: i32 = 10;
/// `EAGAIN`, the positive value; helpers return `-EAGAIN`.
pub const EAGAIN: i32 = 11;
/// `ENOMEM`, the positive value; helpers return `-ENOMEM`.
pub const ENOMEM: i32 = 12;
/// `EACCES`, the positive value; helpers return `-EACCES`.
pub const EACCES: i32 = 13;
/// `EFAULT`, the positive value; helpers return `-EFAULT`.
pub const EFAULT: i32 = 14;
/// `ENOTBLK`, the positive value; helpers return `-ENOTBLK`.
pub const ENOTBLK: i32 = 15;
/// `EBUSY`, the positive value; helpers return `-EBUSY`.
pub const EBUSY: i32 = 16;
/// `EEXIST`, the positive value; helpers return `-EEXIST`.
pub const EEXIST: i32 = 17;
/// `EXDEV`, the positive value; helpers return `-EXDEV`.
pub const EXDEV: i32 = 18;
/// `ENODEV`, the positive value; helpers return `-ENODEV`.
pub const ENODEV: i32 = 19;
/// `ENOTDIR`, the positive value; helpers return `-ENOTDIR`.
pub const ENOTDIR: i32 = 20;
/// `EISDIR`, the positive value; helpers return `-EISDIR`.
pub const EISDIR: i32 = 21;
/// `EINVAL`, the positive value; helpers return `-EINVAL`.
pub const EINVAL: i32 = 22;
/// `ENFILE`, the positive value; helpers return `-ENFILE`.
pub const ENFILE: i32 = 23;
/// `EMFILE`, the positive value; helpers return `-EMFILE`.
pub const EMFILE: i32 = 24;
/// `ENOTTY`, the positive value; helpers return `-ENOTTY`.
pub const ENOTTY: i32 = 25;
/// `ETXTBSY`, the positive value; helpers return `-ETXTBSY`.
pub const ETXTBSY: i32 = 26;
/// `EFBIG`, the positive value; helpers return `-EFBIG`.
pub const EFBIG: i32 = 27;
/// `ENOSPC`, the positive value; helpers return `-ENOSPC`.
pub const ENOSPC: i32 = 28;
/// `ESPIPE`, the positive value; helpers return `-ESPIPE`.
pub const ESPIPE: i32 = 29;
/// `EROFS`, the positive value; helpers return `-EROFS`.
pub const EROFS: i32 = 30;
/// `EMLINK`, the positive value; helpers return `-EMLINK`.
pub const EMLINK: i32 = 31;
/// `EPIPE`, the positive value; helpers return `-EPIPE`.
pub const EPIPE: i32 = 32;
/// `EDOM`, the positive value; helpers return `-EDOM`.
pub const EDOM: i32 = 33;
/// `ERANGE`, the positive value; helpers return `-ERANGE`.
pub const ERANGE: i32 = 34;
/// `EDEADLK`, the positive value; helpers return `-EDEADLK`.
pub const EDEADLK: i32 = 35;
/// `ENAMETOOLONG`, the positive value; helpers return `-ENAMETOOLONG`.
pub const ENAMETOOLONG: i32 = 36;
/// `ENOLCK`, the positive value; helpers return `-ENOLCK`.
pub const ENOLCK: i32 = 37;
/// `ENOSYS`, the positive value; helpers return `-ENOSYS`.
pub const ENOSYS: i32 = 38;
/// `ENOTEMPTY`, the positive value; helpers return `-ENOTEMPTY`.
pub const ENOTEMPTY: i32 = 39;
/// `ELOOP`, the positive value; helpers return `-ELOOP`.
pub const ELOOP: i32 = 40;
/// `ENOMSG`, the positive value; helpers return `-ENOMSG`.
pub const ENOMSG: i32 = 42;
/// `ENODATA`, the positive value; helpers return `-ENODATA`.
pub const ENODATA: i32 = 61;
/// `ETIME`, the positive value; helpers return `-ETIME`.
pub const ETIME: i32 = 62;
/// `EPROTO`, the positive value; helpers return `-EPROTO`.
pub const EPROTO: i32 = 71;
/// `EBADMSG`, the positive value; helpers return `-EBADMSG`.
pub const EBADMSG: i32 = 74;
/// `EOVERFLOW`, the positive value; helpers return `-EOVERFLOW`.
pub const EOVERFLOW: i32 = 75;
/// `EILSEQ`, the positive value; helpers return `-EILSEQ`.
pub const EILSEQ: i32 = 84;
/// `ENOTSOCK`, the positive value; helpers return `-ENOTSOCK`.
pub const ENOTSOCK: i32 = 88;
/// `EMSGSIZE`, the positive value; helpers return `-EMSGSIZE`.
pub const EMSGSIZE: i32 = 90;
/// `EPROTOTYPE`, the positive value; helpers return `-EPROTOTYPE`.
pub const EPROTOTYPE: i32 = 91;
/// `ENOPROTOOPT`, the positive value; helpers return `-ENOPROTOOPT`.
pub const ENOPROTOOPT: i32 = 92;
/// `EPROTONOSUPPORT`, the positive value; helpers return `-EPROTONOSUPPORT`.
pub const EPROTONOSUPPORT: i32 = 93;
/// `ESOCKTNOSUPPORT`, the positive value; helpers return `-ESOCKTNOSUPPORT`.
pub const ESOCKTNOSUPPORT: i32 = 94;
/// `EOPNOTSUPP`, the positive value; helpers return `-EOPNOTSUPP`.
pub const EOPNOTSUPP: i32 = 95;
/// `EAFNOSUPPORT`, the positive value; helpers return `-EAFNOSUPPORT`.
pub const EAFNOSUPPORT: i32 = 97;
/// `EADDRINUSE`, the positive value; helpers return `-EADDRINUSE`.
pub const EADDRINUSE: i32 = 98;
/// `EADDRNOTAVAIL`, the positive value; helpers return `-EADDRNOTAVAIL`.
pub const EADDRNOTAVAIL: i32 = 99;
/// `ENETDOWN`, the positive value; helpers return `-ENETDOWN`.
pub const ENETDOWN: i32 = 100;
/// `ENETUNREACH`, the positive value; helpers return `-ENETUNREACH`.
pub const ENETUNREACH: i32 = 101;
/// `ENOBUFS`, the positive value; helpers return `-ENOBUFS`.
pub const ENOBUFS: i32 = 105;
/// `EISCONN`, the positive value; helpers return `-EISCONN`.
pub const EISCONN: i32 = 106;
/// `ENOTCONN`, the positive value; helpers return `-ENOTCONN`.
pub const ENOTCONN: i32 = 107;
/// `ETIMEDOUT`, the positive value; helpers return `-ETIMEDOUT`.
pub const ETIMEDOUT: i32 = 110;
/// `ECONNREFUSED`, the positive value; helpers return `-ECONNREFUSED`.
pub const ECONNREFUSED: i32 = 111;
/// `EHOSTUNREACH`, the positive value; helpers return `-EHOSTUNREACH`.
pub const EHOSTUNREACH: i32 = 113;
/// `EALREADY`, the positive value; helpers return `-EALREADY`.
pub const EALREADY: i32 = 114;
/// `EINPROGRESS`, the positive value; helpers return `-EINPROGRESS`.
pub const EINPROGRESS: i32 = 115;
/// `ECANCELED`, the positive value; helpers return `-ECANCELED`.
pub const ECANCELED: i32 = 125;
/// `ENOTSUPP`, the positive value; helpers return `-ENOTSUPP`.
pub const ENOTSUPP: i32 = 524;
/// `EWOULDBLOCK`, the same value as [`EAGAIN`].
pub const EWOULDBLOCK: i32 = EAGAIN;
