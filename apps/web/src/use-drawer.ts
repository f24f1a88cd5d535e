import { useCallback, useEffect, useRef, useState, type RefObject } from "react";

/** Where the sidebar stops being a column and becomes a drawer; the same width as in styles.css. */
export const PHONE_QUERY = "(max-width: 640px)";

interface Drawer {
  open: boolean;
  show: () => void;
  /** Closes it and gives the focus back to the button that opened it. */
  hide: () => void;
  /** The menu button: the focus returns here. */
  buttonRef: RefObject<HTMLButtonElement | null>;
  /** The drawer itself: the focus goes into it when it opens. */
  drawerRef: RefObject<HTMLElement | null>;
}

/**
 * The sidebar as a drawer on a phone: opened by the menu button, closed by
 * Esc, the backdrop or a choice. The focus moves into it on opening and back
 * to the menu button on closing; growing past phone width closes it, as the
 * sidebar is a column there.
 */
export function useDrawer(): Drawer {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const drawerRef = useRef<HTMLElement>(null);

  const hide = useCallback(() => {
    setOpen((wasOpen) => {
      if (wasOpen) requestAnimationFrame(() => buttonRef.current?.focus());
      return false;
    });
  }, []);

  useEffect(() => {
    if (!open) return;
    const drawer = drawerRef.current;
    const first =
      drawer?.querySelector<HTMLElement>('[aria-current="page"]') ??
      drawer?.querySelector<HTMLElement>("button, [href], input");
    // After the frame that shows it: a hidden element takes no focus.
    const frame = requestAnimationFrame(() => first?.focus());
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        event.preventDefault();
        hide();
      }
    };
    const wide = window.matchMedia(PHONE_QUERY);
    const onResize = () => {
      if (!wide.matches) setOpen(false);
    };
    document.addEventListener("keydown", onKeyDown);
    wide.addEventListener("change", onResize);
    return () => {
      cancelAnimationFrame(frame);
      document.removeEventListener("keydown", onKeyDown);
      wide.removeEventListener("change", onResize);
    };
  }, [open, hide]);

  return { open, show: () => setOpen(true), hide, buttonRef, drawerRef };
}
