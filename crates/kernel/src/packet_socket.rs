//! [`PacketSocket`]: a raw `AF_PACKET` socket bound to one interface, the way user space sees
//! and sends whole Ethernet frames of a live interface (needs `CAP_NET_RAW`).
//!
//! The socket puts the interface in promiscuous mode for its lifetime (`PACKET_MR_PROMISC`,
//! dropped by the kernel when the socket closes), does not see the frames it or others send
//! out of the interface (`PACKET_IGNORE_OUTGOING`), and is non-blocking: [`wait_readable`]
//! waits on several sockets at once. [`stop_on_interrupt`] turns Ctrl-C (SIGINT, SIGTERM)
//! into a flag a receive loop polls.
//!
//! Only this module and `sys.rs` contain `unsafe` code: each system call gets pointers to live,
//! correctly sized buffers, and the socket descriptor is owned by an [`OwnedFd`].

#![allow(unsafe_code)]

use std::ffi::CString;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// `ETH_P_ALL`: every protocol.
const ETH_P_ALL: u16 = 0x0003;
/// `PACKET_IGNORE_OUTGOING` (`linux/if_packet.h`), Linux 4.20 and later.
const PACKET_IGNORE_OUTGOING: libc::c_int = 23;
/// `sll_pkttype` of frames going out of the interface.
const PACKET_OUTGOING: u8 = 4;

/// A raw socket bound to one interface.
#[derive(Debug)]
pub struct PacketSocket {
    fd: OwnedFd,
    ifindex: u32,
    name: String,
}

/// The index of the interface called `name` in the calling thread's network namespace.
pub fn ifindex_of(name: &str) -> io::Result<u32> {
    let c_name = CString::new(name)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a name with a NUL byte"))?;
    // SAFETY: `c_name` is a valid NUL-terminated string that outlives the call.
    let index = unsafe { libc::if_nametoindex(c_name.as_ptr()) };
    if index == 0 {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!("no interface called `{name}`"),
        ));
    }
    Ok(index)
}

fn check(ret: libc::c_int) -> io::Result<libc::c_int> {
    if ret < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(ret)
    }
}

fn set_option<T>(fd: &OwnedFd, level: libc::c_int, name: libc::c_int, value: &T) -> io::Result<()> {
    // SAFETY: `value` points to a live `T` of `size_of::<T>()` bytes for the whole call.
    check(unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            level,
            name,
            std::ptr::from_ref(value).cast(),
            size_of::<T>() as libc::socklen_t,
        )
    })
    .map(|_| ())
}

impl PacketSocket {
    /// Opens a socket on the interface called `name`.
    pub fn open(name: &str) -> io::Result<PacketSocket> {
        let ifindex = ifindex_of(name)?;
        // SAFETY: plain system call with constant arguments.
        let raw = check(unsafe {
            libc::socket(
                libc::AF_PACKET,
                libc::SOCK_RAW | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
                libc::c_int::from(ETH_P_ALL.to_be()),
            )
        })
        .map_err(|error| with_context(error, &format!("AF_PACKET socket for {name}")))?;
        // SAFETY: `raw` is a descriptor the call above just created and nothing else owns.
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };
        // SAFETY: `sockaddr_ll` is plain data; all zero is a valid value.
        let mut address: libc::sockaddr_ll = unsafe { std::mem::zeroed() };
        address.sll_family = libc::AF_PACKET as u16;
        address.sll_protocol = ETH_P_ALL.to_be();
        address.sll_ifindex = ifindex as i32;
        // SAFETY: `address` is a live `sockaddr_ll` of the length passed.
        check(unsafe {
            libc::bind(
                fd.as_raw_fd(),
                std::ptr::from_ref(&address).cast(),
                size_of::<libc::sockaddr_ll>() as libc::socklen_t,
            )
        })
        .map_err(|error| with_context(error, &format!("binding to {name}")))?;
        // SAFETY: `packet_mreq` is plain data; all zero is a valid value.
        let mut membership: libc::packet_mreq = unsafe { std::mem::zeroed() };
        membership.mr_ifindex = ifindex as i32;
        membership.mr_type = libc::PACKET_MR_PROMISC as u16;
        set_option(
            &fd,
            libc::SOL_PACKET,
            libc::PACKET_ADD_MEMBERSHIP,
            &membership,
        )
        .map_err(|error| with_context(error, &format!("promiscuous mode on {name}")))?;
        // Room for bursts: 8 MiB of receive buffer (as root, past `rmem_max`), or what the
        // system allows.
        let bytes: libc::c_int = 8 << 20;
        if set_option(&fd, libc::SOL_SOCKET, libc::SO_RCVBUFFORCE, &bytes).is_err() {
            let _ = set_option(&fd, libc::SOL_SOCKET, libc::SO_RCVBUF, &bytes);
        }
        // Older kernels lack the option; outgoing frames are then skipped in `recv`.
        let _ = set_option(
            &fd,
            libc::SOL_PACKET,
            PACKET_IGNORE_OUTGOING,
            &1 as &libc::c_int,
        );
        Ok(PacketSocket {
            fd,
            ifindex,
            name: name.to_string(),
        })
    }

    /// The interface's index.
    pub fn ifindex(&self) -> u32 {
        self.ifindex
    }

    /// The interface's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Receives one frame into `buf`: its length (which may exceed `buf.len()`: the frame was
    /// truncated), or `None` when no frame is waiting.
    pub fn recv(&self, buf: &mut [u8]) -> io::Result<Option<usize>> {
        loop {
            // SAFETY: `sockaddr_ll` is plain data; all zero is a valid value.
            let mut from: libc::sockaddr_ll = unsafe { std::mem::zeroed() };
            let mut from_len = size_of::<libc::sockaddr_ll>() as libc::socklen_t;
            // SAFETY: `buf` is a live buffer of `buf.len()` writable bytes; `from` and
            // `from_len` are live and describe each other.
            let n = unsafe {
                libc::recvfrom(
                    self.fd.as_raw_fd(),
                    buf.as_mut_ptr().cast(),
                    buf.len(),
                    libc::MSG_TRUNC,
                    std::ptr::from_mut(&mut from).cast(),
                    &mut from_len,
                )
            };
            if n < 0 {
                let error = io::Error::last_os_error();
                return match error.kind() {
                    io::ErrorKind::WouldBlock => Ok(None),
                    io::ErrorKind::Interrupted => continue,
                    _ => Err(error),
                };
            }
            if from.sll_pkttype == PACKET_OUTGOING {
                continue;
            }
            return Ok(Some(n as usize));
        }
    }

    /// Sends `frame` (from its Ethernet header) out of the interface.
    pub fn send(&self, frame: &[u8]) -> io::Result<()> {
        loop {
            // SAFETY: `frame` is a live buffer of `frame.len()` bytes.
            let n =
                unsafe { libc::send(self.fd.as_raw_fd(), frame.as_ptr().cast(), frame.len(), 0) };
            if n >= 0 {
                return Ok(());
            }
            let error = io::Error::last_os_error();
            match error.kind() {
                io::ErrorKind::Interrupted => continue,
                // The device queue is full: wait until it drains.
                io::ErrorKind::WouldBlock => {
                    let mut poll = libc::pollfd {
                        fd: self.fd.as_raw_fd(),
                        events: libc::POLLOUT,
                        revents: 0,
                    };
                    // SAFETY: `poll` is one live `pollfd`.
                    unsafe { libc::poll(&mut poll, 1, 100) };
                }
                _ => return Err(with_context(error, &format!("sending on {}", self.name))),
            }
        }
    }
}

/// Waits until one of `sockets` has a frame waiting or `timeout` passes; returns the indexes
/// of the readable ones (empty on timeout or interruption by a signal).
pub fn wait_readable(sockets: &[&PacketSocket], timeout: Duration) -> io::Result<Vec<usize>> {
    let mut polls: Vec<libc::pollfd> = sockets
        .iter()
        .map(|socket| libc::pollfd {
            fd: socket.fd.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        })
        .collect();
    let millis = timeout.as_millis().min(i32::MAX as u128) as libc::c_int;
    // SAFETY: `polls` is a live array of `polls.len()` `pollfd`s.
    let ret = unsafe { libc::poll(polls.as_mut_ptr(), polls.len() as libc::nfds_t, millis) };
    if ret < 0 {
        let error = io::Error::last_os_error();
        if error.kind() == io::ErrorKind::Interrupted {
            return Ok(Vec::new());
        }
        return Err(error);
    }
    Ok(polls
        .iter()
        .enumerate()
        .filter(|(_, poll)| poll.revents != 0)
        .map(|(index, _)| index)
        .collect())
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: libc::c_int) {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// Makes SIGINT and SIGTERM set a flag instead of ending the process, and returns the flag.
pub fn stop_on_interrupt() -> &'static AtomicBool {
    for signal in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: `sigaction` is plain data; all zero is a valid value (empty mask, no flags).
        let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
        action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
        // SAFETY: `action` is a live, initialised `sigaction`; the handler only stores to an
        // atomic, which is async-signal-safe.
        unsafe { libc::sigaction(signal, &action, std::ptr::null_mut()) };
    }
    &INTERRUPTED
}

fn with_context(error: io::Error, what: &str) -> io::Error {
    let hint = if error.kind() == io::ErrorKind::PermissionDenied {
        " (raw sockets need root or CAP_NET_RAW)"
    } else {
        ""
    };
    io::Error::new(error.kind(), format!("{what}: {error}{hint}"))
}
