/** Network values shared by the sandbox's network and the checks of real networks (IPv4 CIDR blocks). */
package dev.ingestrunbooks.net;
